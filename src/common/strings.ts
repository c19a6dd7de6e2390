import type { Locale } from './locale';

/**
 * The UI's words in both languages. Each feature keeps its own table (`src/<feature>/<feature>.strings.ts`);
 * src/strings.ts merges them at app level, adds their keys to `StringTable` (so a key is checked wherever
 * it is used: `message()`, `errorText()`, the `{{t}}` helper's tests) and hands the tables to `useStrings()`.
 * `common` imports no feature, so it only knows the shape. `{name}` is filled from the parameters; a key
 * ending in `_one` is used instead when `count` is 1 (English only needs it). Text with `<` is trusted
 * markup: only its parameters are escaped.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging in src/strings.ts
export interface StringTable {}

export type StringKey = keyof StringTable & string;

/** One feature's words: English, and the same keys in Chinese. */
export type FeatureStrings = { en: Record<string, string>; 'zh-CN': Record<string, string> };

let tables: Record<Locale, Record<string, string>> | undefined;

/** Merges the features' tables (a key in two features is a mistake, refused here) for translate() to use. */
export function useStrings(...features: FeatureStrings[]): Record<Locale, Record<StringKey, string>> {
  const merged: Record<Locale, Record<string, string>> = { en: {}, 'zh-CN': {} };
  for (const feature of features)
    for (const locale of ['en', 'zh-CN'] as const)
      for (const [key, text] of Object.entries(feature[locale])) {
        if (key in merged[locale]) throw new Error(`String key ${key} is defined twice`);
        merged[locale][key] = text;
      }
  tables = merged;
  return merged;
}

function strings(): Record<Locale, Record<string, string>> {
  if (!tables) throw new Error('No UI strings yet: import src/strings.ts (app.module.ts does) before translating');
  return tables;
}

/** A text in each language, for what only the code can word (a date in the city's zone, say). */
export type PerLocale = Record<Locale, string>;

/** A parameter may itself be a message (or a list of them), or a text per language: shown in the same language. */
export type Params = { [name: string]: string | number | Message | Message[] | PerLocale };

/** A message to show later (a flash, a page title), translated for whoever sees it. */
export interface Message {
  key: StringKey;
  params?: Params;
}

export const message = (key: StringKey, params?: Params): Message => ({ key, params });

export function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as Message).key === 'string';
}

/**
 * The body of an HTTP exception people may read on a page: the error page shows `shown` in the
 * viewer's language, API clients get the English `message` (error.filter.ts).
 */
export interface ErrorText {
  message: string;
  shown: Message;
}

/** `extras` are fields API clients get beside the message (e.g. a 409's `allowed` transitions). */
export const errorText = (key: StringKey, params?: Params, extras: object = {}): ErrorText => ({
  ...extras,
  message: translate('en', key, params),
  shown: message(key, params),
});

export const isErrorText = (body: unknown): body is ErrorText =>
  typeof body === 'object' && body !== null && isMessage((body as ErrorText).shown);

/** Positional values as parameters {0}, {1}, …; a missing one shows as nothing. */
export const positional = (...values: unknown[]): Params =>
  Object.fromEntries(values.map((v, i) => [String(i), v === undefined || v === null ? '' : String(v)]));

/** One formatter for every number in every text: toLocaleString('en') builds one per call (5 µs each). */
const EN_NUMBERS = new Intl.NumberFormat('en');

/** The text for a key with its parameters filled in; an unknown key shows as itself. */
export function translate(
  locale: Locale | undefined,
  key: string,
  params: Params = {},
  escape: (s: string) => string = (s) => s,
): string {
  const table = strings()[locale ?? 'en'];
  const en = strings().en;
  const pick = (k: string) => table[k] ?? en[k];
  const text = (params.count === 1 ? pick(`${key}_one`) : undefined) ?? pick(key) ?? key;
  const inner = (m: Message) => translate(locale, m.key, m.params, escape);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    if (Array.isArray(value)) return value.map(inner).join(pick('listSeparator') ?? ', ');
    if (isMessage(value)) return inner(value);
    if (typeof value === 'object') return escape(value[locale ?? 'en']);
    return escape(typeof value === 'number' ? EN_NUMBERS.format(value) : value);
  });
}
