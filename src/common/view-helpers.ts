import Handlebars from 'handlebars';
import type { HelperDelegate, HelperOptions } from 'handlebars';
import { DateTime } from 'luxon';
import type { Locale } from './locale';
import { isMessage, Params, positional, translate } from './strings';

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

/** Markup in our own strings stays markup (its parameters are escaped); plain text is escaped by Handlebars. */
function localised(locale: Locale, key: string, params: Params): string | Handlebars.SafeString {
  const plain = translate(locale, key, params);
  if (!plain.includes('<')) return plain;
  return new Handlebars.SafeString(translate(locale, key, params, Handlebars.escapeExpression));
}

/** Handlebars helpers for every page; registered once in web.ts. */
export const VIEW_HELPERS: Record<string, HelperDelegate> = {
  /**
   * {{t "members"}}, {{t "reportFor" file=fileName}}, {{t "offerUntil" when}} — the text in the viewer's language;
   * named parameters fill {name}, positional ones {0}, {1}.
   */
  t: (key: string, ...rest: unknown[]) => {
    const options = rest.pop() as HelperOptions;
    return localised(localeOf(options), key, { ...positional(...rest), ...((options.hash ?? {}) as Params) });
  },
  /** {{text title}} — a plain string as it is, or a Message (see strings.ts) in the viewer's language. */
  text: (value: unknown, options: HelperOptions) =>
    isMessage(value)
      ? localised(localeOf(options), value.key, value.params ?? {})
      : value === undefined
        ? ''
        : String(value),
  /** {{localName city.name city.nameZh}} — the Chinese name for a zh-CN viewer when there is one (乌鲁木齐), else the English. */
  localName: (en: unknown, zh: unknown, options: HelperOptions) =>
    localeOf(options) === 'zh-CN' && typeof zh === 'string' && zh !== ''
      ? zh
      : en === undefined || en === null
        ? ''
        : String(en),
  /**
   * {{datetime startsAt city.timeZone}} — "2027-01-09 19:00 (Asia/Urumqi)": in the given IANA zone, named
   * last, the one way every page and email writes a time (ICU's "GMT+6" read differently on each line).
   */
  datetime: (value: unknown, zone: unknown) => {
    if (!value) return '';
    const at = toDateTime(value, zone);
    return `${at.toFormat('yyyy-MM-dd HH:mm')} (${at.zoneName})`;
  },
  date: (value: unknown, zone: unknown) => (value ? toDateTime(value, zone).toFormat('yyyy-MM-dd') : ''),
  /** {{time checkedInAt timeZone}} — HH:mm in the given zone. */
  time: (value: unknown, zone: unknown) => (value ? toDateTime(value, zone).toFormat('HH:mm') : ''),
  /** {{plural count "member" "members"}} → "1 member", "2 members". */
  plural: (count: number, one: string, many: string) =>
    `${Number(count).toLocaleString('en')} ${Number(count) === 1 ? one : many}`,
  number: (n: unknown) => (n === null || n === undefined ? '' : Number(n).toLocaleString('en')),
  eq: (a: unknown, b: unknown) => a === b,
  /** {{#if (or a b c)}} — true when any argument is. */
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  /** {{t (concat "role_" role)}} — joins its arguments into one string (a key built from data). */
  concat: (...args: unknown[]) => args.slice(0, -1).join(''),
  /** {{inc @index}} — 1-based row numbers. */
  inc: (n: unknown) => Number(n) + 1,
  includes: (list: unknown, item: unknown) => Array.isArray(list) && list.includes(item),
  json: (value: unknown) => JSON.stringify(value),
};
