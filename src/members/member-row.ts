import { Locale, LOCALES } from '../common/locale';

/** One member as it arrives from a CSV line or a bulk API item, before checks. */
export interface RawMemberRow {
  external_id?: unknown;
  email?: unknown;
  name?: unknown;
  city?: unknown;
  province?: unknown;
  locale?: unknown;
  registered_on?: unknown;
  forum_posts?: unknown;
  honorary?: unknown;
}

/** A member row that passed every check, normalised for the database. */
export interface MemberRow {
  externalId: string;
  email: string;
  name: string;
  city: string;
  province: string | null;
  locale: Locale;
  registeredOn: string;
  forumPosts: number;
  honorary: boolean;
}

export type RowCheck = { ok: true; row: MemberRow } | { ok: false; reason: string };

/**
 * The HTML standard's "valid email address" (what `<input type=email>` accepts),
 * plus a dot in the domain. validator's isEmail is stricter but 25× slower, and
 * the import checks a million rows.
 */
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());
const TRUE = new Set(['true', '1', 'yes', 'y']);
const FALSE = new Set(['false', '0', 'no', 'n', '']);

function parseDate(value: string, today: string): string | string[] {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (!match) return [`registered_on "${value}" is not a date (expected YYYY-MM-DD)`];
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) {
    return [`registered_on "${value}" is not a real calendar date`];
  }
  const iso = `${y}-${m}-${d}`;
  if (iso < '1990-01-01' || iso > today) return [`registered_on ${iso} is outside 1990-01-01 … today`];
  return iso;
}

/**
 * Checks one row and says what is wrong in words a community manager can fix
 * in their spreadsheet. Pure: no database, so it runs a million times a minute.
 */
export function checkMemberRow(raw: RawMemberRow, today = new Date().toISOString().slice(0, 10)): RowCheck {
  const problems: string[] = [];
  // PostgreSQL text cannot hold NUL: one such byte made the whole COPY fail, a 500 for the file.
  const withNul = Object.entries(raw).filter(([, v]) => typeof v === 'string' && v.includes('\u0000'));
  for (const [field] of withNul) problems.push(`${field} contains the NUL character`);
  if (withNul.length > 0) return { ok: false, reason: problems.join('; ') };
  const externalId = text(raw.external_id);
  const email = text(raw.email);
  const name = text(raw.name);
  const city = text(raw.city);
  const province = text(raw.province) || null;
  const localeText = text(raw.locale);

  if (!externalId) problems.push('external_id is missing');
  else if (externalId.length > 100) problems.push('external_id is longer than 100 characters');
  if (!email) problems.push('email is missing');
  else if (email.length > 254 || !EMAIL.test(email)) problems.push(`email "${email}" is not a valid address`);
  if (!name) problems.push('name is missing');
  else if (name.length > 200) problems.push('name is longer than 200 characters');
  if (!city) problems.push('city is missing');
  else if (city.length > 200) problems.push('city is longer than 200 characters');

  const locale = LOCALES.find((l) => l.toLowerCase() === localeText.toLowerCase().replace('_', '-'));
  if (!localeText) problems.push('locale is missing');
  else if (!locale) problems.push(`locale "${localeText}" is unknown (expected zh-CN or en)`);

  const registered = parseDate(text(raw.registered_on), today);
  if (Array.isArray(registered)) problems.push(...registered);

  const postsText = text(raw.forum_posts);
  const forumPosts = postsText === '' ? 0 : Number(postsText);
  if (!Number.isInteger(forumPosts) || forumPosts < 0 || forumPosts > 2_000_000_000) {
    problems.push(`forum_posts "${postsText}" is not a whole number ≥ 0`);
  }

  const honoraryText = text(raw.honorary).toLowerCase();
  if (!TRUE.has(honoraryText) && !FALSE.has(honoraryText)) {
    problems.push(`honorary "${honoraryText}" is not true or false`);
  }

  if (problems.length > 0) return { ok: false, reason: problems.join('; ') };
  return {
    ok: true,
    row: {
      externalId,
      email,
      name,
      city,
      province,
      locale: locale!,
      registeredOn: registered as string,
      forumPosts,
      honorary: TRUE.has(honoraryText),
    },
  };
}
