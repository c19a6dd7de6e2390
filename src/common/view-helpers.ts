import type { HelperDelegate, HelperOptions } from 'handlebars';
import { DateTime } from 'luxon';
import type { Locale } from '../members/member.entity';
import { translate } from './strings';

/**
 * A fan's page names its member's language as `locale` and that wins, even
 * when staff open the link signed in (the Mailbox's links); other pages speak
 * the signed-in viewer's language.
 */
const localeOf = (options: HelperOptions): Locale =>
  (options.data?.root?.locale as Locale | undefined) ??
  (options.data?.root?.principal?.locale as Locale | undefined) ??
  'en';

const toDateTime = (value: unknown, zone: unknown) => {
  const date = value instanceof Date ? value : new Date(String(value));
  return DateTime.fromJSDate(date, { zone: typeof zone === 'string' && zone ? zone : 'Asia/Shanghai' });
};

/** Handlebars helpers for every page; registered once in web.ts. */
export const VIEW_HELPERS: Record<string, HelperDelegate> = {
  /** {{t "members"}} — the word in the viewer's language; {{t "key" a b}} fills {0}, {1}. */
  t: (key: string, ...rest: unknown[]) => {
    const options = rest.pop() as HelperOptions;
    return translate(localeOf(options), key).replace(/\{(\d)\}/g, (_, i: string) => String(rest[Number(i)] ?? ''));
  },
  /** {{datetime startsAt city.timeZone}} — shown in the given IANA zone, with its abbreviation. */
  datetime: (value: unknown, zone: unknown) => (value ? toDateTime(value, zone).toFormat('yyyy-MM-dd HH:mm ZZZZ') : ''),
  date: (value: unknown, zone: unknown) => (value ? toDateTime(value, zone).toFormat('yyyy-MM-dd') : ''),
  /** {{plural count "member" "members"}} → "1 member", "2 members". */
  plural: (count: number, one: string, many: string) =>
    `${Number(count).toLocaleString('en')} ${Number(count) === 1 ? one : many}`,
  number: (n: unknown) => (n === null || n === undefined ? '' : Number(n).toLocaleString('en')),
  eq: (a: unknown, b: unknown) => a === b,
  includes: (list: unknown, item: unknown) => Array.isArray(list) && list.includes(item),
  json: (value: unknown) => JSON.stringify(value),
};
