import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { STRINGS } from '../strings';
import { translate } from './strings';

const VIEWS = join(__dirname, '..', '..', 'views');
const SRC = join(__dirname, '..');

function templates(dir = VIEWS): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? templates(join(dir, e.name)) : e.name.endsWith('.hbs') ? [join(dir, e.name)] : [],
  );
}

/**
 * The staff pages (the Mailbox too), whose words must come from strings.ts. Not here: the sign-in
 * page and a broken fan link (nobody is known, so they say everything in both languages), emails
 * and forum announcements (the member's language, chosen per template) and the unsubscribe page
 * (in the member's language).
 */
const STAFF_PAGES = templates().filter(
  (f) =>
    !/\/(mail|announcements)\/|\/auth\/login\.hbs$|\/rsvp\/invalid\.hbs$|\/mailbox\/unsubscribe\.hbs$/.test(
      relative(VIEWS, f).replace(/^/, '/'),
    ),
);

/** The controllers of staff pages; fans' and signed-out pages choose their language otherwise (see above). */
const STAFF_CONTROLLERS = (function controllers(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? controllers(join(dir, e.name))
      : e.name.endsWith('.pages.controller.ts')
        ? [join(dir, e.name)]
        : [],
  );
})(SRC).filter((f) => !/\/(sign-in|unsubscribe|rsvp|rsvp-questions|feedback)\.pages\.controller\.ts$/.test(f));

/** Latin words a page may show as they are: names, formats and codes, not sentences. */
const AS_IS = new Set(['Meetloop', 'CSV', 'API', 'JSON', 'E1024', 'English']); // English: the language switch names itself

/** Visible text of a template once every Handlebars expression and tag is gone. */
function visibleText(source: string): string[] {
  const attributes = [...source.matchAll(/\b(?:placeholder|title|aria-label|alt)=(["'])(.*?)\1/g)].map((m) => m[2]);
  const text = source
    .replace(/\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g, '')
    .replace(/\{\{\{?[\s\S]*?\}?\}\}/g, ' ')
    .replace(/<code>[\s\S]*?<\/code>/g, ' ')
    .replace(/<[^>]*>/g, '\n');
  return [...text.split('\n'), ...attributes.map((a) => a.replace(/\{\{\{?[\s\S]*?\}?\}\}/g, ' '))]
    .map((s) => s.trim())
    .filter(Boolean);
}

describe('staff UI strings', () => {
  it('has every key in both languages, with the same {parameters}', () => {
    const en = STRINGS.en as Record<string, string>;
    const zh = STRINGS['zh-CN'] as Record<string, string>;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en))
      expect({ key, params: params(zh[key]) }).toEqual({ key, params: params(en[key]) });
  });

  it('knows every key the templates ask for', () => {
    const unknown = templates().flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\{\{\{?t ["']([^"']+)["']/g)]
        .map((m) => m[1])
        .filter((key) => !(key in STRINGS.en))
        .map((key) => `${relative(VIEWS, file)}: ${key}`),
    );
    expect(unknown).toEqual([]);
  });

  it('leaves no English sentence hard-coded in the staff pages', () => {
    const hardCoded = STAFF_PAGES.flatMap((file) =>
      visibleText(readFileSync(file, 'utf8'))
        .filter((s) => /[A-Za-z]{2,}/.test(s) && !s.split(/[^A-Za-z0-9]+/).every((w) => !w || AS_IS.has(w)))
        .map((s) => `${relative(VIEWS, file)}: ${s}`),
    );
    expect(hardCoded).toEqual([]);
  });

  it('sets no English title or flash as a literal in the staff pages controllers', () => {
    // `title: 'Meetups'`, `flash = \`Saved ${x}.\``: words outside ${…} in a literal; message(key) is the way.
    const literal = /\b(?:title:|flash =)\s*(['"`])(.*?)\1/;
    const found = STAFF_CONTROLLERS.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${relative(SRC, file)}:${i + 1}` }))
        .filter(({ line }) => /[A-Za-z]{2}/.test(literal.exec(line.replace(/\$\{[^}]*\}/g, ''))?.[2] ?? ''))
        .map(({ line, at }) => `${at}: ${line.trim()}`),
    );
    expect(STAFF_CONTROLLERS.length).toBeGreaterThan(10);
    expect(found).toEqual([]);
  });

  it('uses full-width punctuation next to Chinese text in zh-CN strings and Chinese emails', () => {
    // "你好 庞宇轩，" not "你好 庞宇轩,": an ASCII , . : ; ! ? ( ) touching a Han character (or a
    // full-width mark) reads as unfinished. Digits, codes and URLs keep theirs ("3.5", "E1024:").
    const ascii = /[\p{Script=Han}，。：；！？、」）](?:\s?)[,.:;!?()]|[,:;!?(](?:\s?)\p{Script=Han}|\)\p{Script=Han}/u;
    const zh = STRINGS['zh-CN'] as Record<string, string>;
    const inStrings = Object.entries(zh)
      .filter(([, text]) => ascii.test(text))
      .map(([key, text]) => `${key}: ${text}`);
    const chineseMail = templates().filter((f) => /zh-CN\.[a-z.]*hbs$/.test(f));
    expect(chineseMail.length).toBeGreaterThan(10);
    const inMail = chineseMail.flatMap((file) =>
      readFileSync(file, 'utf8')
        .replace(/\{\{\{?[\s\S]*?\}?\}\}/g, '')
        .split('\n')
        .filter((line) => ascii.test(line))
        .map((line) => `${relative(VIEWS, file)}: ${line.trim()}`),
    );
    expect([...inStrings, ...inMail]).toEqual([]);
    // The check itself catches what it should.
    expect(ascii.test('你好 庞宇轩,')).toBe(true);
    expect(ascii.test('报名截止(北京时间)')).toBe(true);
    expect(ascii.test('你好 庞宇轩，')).toBe(false);
    expect(ascii.test('工程师 E1024 已保存。')).toBe(false);
  });

  it('fills parameters, counts one apart in English, and shows an unknown key as itself', () => {
    expect(translate('en', 'registeredMembers', { count: 1 })).toBe('1 registered member');
    expect(translate('en', 'registeredMembers', { count: 100000 })).toBe('100,000 registered members');
    expect(translate('zh-CN', 'registeredMembers', { count: 1 })).toBe('1 位注册会员');
    expect(translate('zh-CN', 'engineerSaved', { code: 'E1024' })).toBe('工程师 E1024 已保存。');
    expect(translate('zh-CN', 'Some text from elsewhere')).toBe('Some text from elsewhere');
  });

  it('escapes parameters put into markup', () => {
    const html = translate('en', 'copyTokenNow', { label: '<script>' }, (s) => s.replace(/</g, '&lt;'));
    expect(html).toBe('Copy the token for <strong>&lt;script></strong> now: it is shown only this once.');
  });
});
