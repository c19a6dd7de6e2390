/**
 * The rules of feedback after a meetup, as plain functions: when the request and its one reminder
 * are due, how long the link takes answers, and what makes an answer whole. No Nest, no database.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The reminder goes this many days after the request to those who have not answered. */
export const REMINDER_AFTER_DAYS = 3;
/** The link takes answers (and changes to them) this many days after the request; nothing is sent later. */
export const OPEN_DAYS = 14;
export const MAX_SUGGESTIONS = 3;
export const MAX_GOOD_LENGTH = 2000;
export const MAX_SUGGESTION_LENGTH = 1000;

/** Meetups whose requests are due now ended in (now − OPEN_DAYS, now − delay]. */
export function requestWindow(now: Date, delayHours: number): { endedAfter: Date; endedBy: Date } {
  return {
    endedAfter: new Date(now.getTime() - OPEN_DAYS * DAY),
    endedBy: new Date(now.getTime() - delayHours * HOUR),
  };
}

/** Requests whose reminder is due now were sent in (now − OPEN_DAYS, now − REMINDER_AFTER_DAYS]. */
export function reminderWindow(now: Date): { sentAfter: Date; sentBy: Date } {
  return {
    sentAfter: new Date(now.getTime() - OPEN_DAYS * DAY),
    sentBy: new Date(now.getTime() - REMINDER_AFTER_DAYS * DAY),
  };
}

export function closesAt(sentAt: Date): Date {
  return new Date(sentAt.getTime() + OPEN_DAYS * DAY);
}

export function isOpen(sentAt: Date, now: Date): boolean {
  return now.getTime() < closesAt(sentAt).getTime();
}

export interface SuggestionInput {
  /** 1–3: the form's box (the API's array position) it was written in. */
  slot: number;
  productAreaId: number;
  body: string;
}

export interface FeedbackInput {
  rating: number;
  recommend: number;
  good: string;
  suggestions: SuggestionInput[];
}

export type FeedbackProblem =
  | 'rating'
  | 'recommend'
  | 'good-too-long'
  | 'too-many-suggestions'
  | 'suggestion-too-long'
  | 'suggestion-area'
  | 'bad-characters';

export interface FeedbackCheck {
  answer: FeedbackInput | null;
  /** Field name (rating, recommend, good, suggestion1…3) → what is wrong with it. */
  problems: Record<string, FeedbackProblem>;
}

const wholeIn = (value: unknown, min: number, max: number): number | null => {
  const n = typeof value === 'string' && /^\d{1,9}$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : null;
};

const text = (value: unknown) => (typeof value === 'string' ? value.replace(/\r\n/g, '\n').trim() : '');

/**
 * Checks a raw answer (a form's fields or an API body) and returns it clean, or what is wrong field
 * by field. A suggestion slot left empty is skipped; one with text needs a product area (`areaIds`
 * are the areas that exist).
 */
export function checkFeedback(
  raw: { rating?: unknown; recommend?: unknown; good?: unknown; suggestions?: unknown },
  areaIds: ReadonlySet<number>,
): FeedbackCheck {
  const problems: Record<string, FeedbackProblem> = {};
  const rating = wholeIn(raw.rating, 1, 5);
  if (rating === null) problems.rating = 'rating';
  const recommend = wholeIn(raw.recommend, 0, 10);
  if (recommend === null) problems.recommend = 'recommend';
  const good = text(raw.good);
  if (good.length > MAX_GOOD_LENGTH) problems.good = 'good-too-long';
  else if (good.includes('\0')) problems.good = 'bad-characters';

  const slots = Array.isArray(raw.suggestions) ? (raw.suggestions as unknown[]) : [];
  const suggestions: SuggestionInput[] = [];
  slots.forEach((slot, i) => {
    const s = (slot ?? {}) as { productAreaId?: unknown; body?: unknown };
    const body = text(s.body);
    if (!body) return;
    const field = `suggestion${i + 1}`;
    const area = wholeIn(s.productAreaId, 1, 2 ** 31 - 1);
    if (body.length > MAX_SUGGESTION_LENGTH) problems[field] = 'suggestion-too-long';
    else if (body.includes('\0')) problems[field] = 'bad-characters';
    else if (area === null || !areaIds.has(area)) problems[field] = 'suggestion-area';
    else suggestions.push({ slot: i + 1, productAreaId: area, body });
  });
  if (slots.filter((s) => text((s as { body?: unknown } | null)?.body)).length > MAX_SUGGESTIONS)
    problems.suggestions = 'too-many-suggestions';

  if (Object.keys(problems).length > 0) return { answer: null, problems };
  return { answer: { rating: rating!, recommend: recommend!, good, suggestions }, problems };
}
