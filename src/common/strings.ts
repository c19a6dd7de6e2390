import type { Locale } from '../members/member.entity';

/** The staff UI's words in both languages; a missing key shows the English text. */
const STRINGS = {
  en: {
    dashboard: 'Dashboard',
    members: 'Members',
    cities: 'Cities',
    engineers: 'Engineers',
    accounts: 'Accounts',
    import: 'Import',
    password: 'Password',
    signOut: 'Sign out',
    signIn: 'Sign in',
    search: 'Search',
    save: 'Save',
    next: 'Next',
    email: 'Email',
    name: 'Name',
    city: 'City',
    allCities: 'All cities',
  },
  'zh-CN': {
    dashboard: '概览',
    members: '会员',
    cities: '城市',
    engineers: '工程师',
    accounts: '账号',
    import: '导入',
    password: '密码',
    signOut: '退出',
    signIn: '登录',
    search: '搜索',
    save: '保存',
    next: '下一页',
    email: '邮箱',
    name: '姓名',
    city: '城市',
    allCities: '全部城市',
  },
} satisfies Record<Locale, Record<string, string>>;

export type StringKey = keyof (typeof STRINGS)['en'];

export function translate(locale: Locale | undefined, key: string): string {
  const table = STRINGS[locale ?? 'en'] as Record<string, string>;
  return table[key] ?? (STRINGS.en as Record<string, string>)[key] ?? key;
}
