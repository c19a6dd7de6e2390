/**
 * The cities pages' words, in both languages; src/strings.ts merges every feature's table.
 * `{name}` is filled from the parameters; a key ending in `_one` is used when `count` is 1.
 * A refusal's English text is what the JSON API answers, word for word.
 */
const en = {
  citiesMostMembersFirst: '{count} cities, most members first',
  citiesMostMembersFirst_one: '{count} city, most members first',
  province: 'Province',
  population: 'Population',
  timeZone: 'Time zone',
  noCities: 'No cities yet. Cities appear when members are imported.',
  cityRanking: 'City ranking',
  rankingIntro: 'Where the next meetups should go; cities in cool-down follow the ranked ones.',
  rankingOrder: 'Order',
  order_members: 'members',
  'order_never-invited': 'never invited',
  order_density: 'density',
  perTenThousand: 'Per 10,000',
  neverInvited: 'Never invited',
  whyHere: 'Why here',
};

const zhCN: Record<keyof typeof en, string> = {
  citiesMostMembersFirst: '{count} 个城市，会员最多的在前',
  citiesMostMembersFirst_one: '{count} 个城市，会员最多的在前',
  province: '省份',
  population: '人口',
  timeZone: '时区',
  noCities: '还没有城市。导入会员后城市会出现在这里。',
  cityRanking: '城市排名',
  rankingIntro: '下一场同城会该去哪里；冷却期内的城市排在已排名城市之后。',
  rankingOrder: '排序',
  order_members: '会员数',
  'order_never-invited': '从未受邀',
  order_density: '密度',
  perTenThousand: '每万人',
  neverInvited: '从未受邀',
  whyHere: '排名理由',
};

export const citiesStrings = { en, 'zh-CN': zhCN };
