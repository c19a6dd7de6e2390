import type { FeedbackCounts } from './reports.repository';

/**
 * The figures a report shows from a group's counts, as plain functions. The recommend score (NPS)
 * is null below RECOMMEND_SCORE_MIN_ANSWERS answers, so a small group's answers stay anonymous;
 * rates are null when nothing was asked.
 */
export interface Satisfaction {
  sent: number;
  answers: number;
  /** answers / sent, 0–1. */
  responseRate: number | null;
  /** Mean rating 1–5, two decimals. */
  meanRating: number | null;
  recommendScore: number | null;
}

/** Below this many answers a group's recommend score is not shown. */
export const RECOMMEND_SCORE_MIN_ANSWERS = 10;

/** The recommend score (NPS): % promoters (9–10) − % detractors (0–6), rounded, −100 to 100. */
export function recommendScore(promoters: number, detractors: number, answers: number): number | null {
  if (answers < RECOMMEND_SCORE_MIN_ANSWERS) return null;
  return Math.round(((promoters - detractors) / answers) * 100);
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

export function satisfaction(c: FeedbackCounts): Satisfaction {
  return {
    sent: c.sent,
    answers: c.answers,
    responseRate: c.sent > 0 ? round(c.answers / c.sent, 4) : null,
    meanRating: c.answers > 0 ? round(c.ratingSum / c.answers, 2) : null,
    recommendScore: recommendScore(c.promoters, c.detractors, c.answers),
  };
}

export function rate(part: number, whole: number): number | null {
  return whole > 0 ? round(part / whole, 4) : null;
}

/** "62.5%" — a 0–1 rate as staff read it; "—" when there is none. */
export function percent(value: number | null): string {
  return value === null ? '—' : `${round(value * 100, 1)}%`;
}
