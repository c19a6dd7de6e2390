import type { FeedbackProblem } from './feedback-rules';
import type { FeedbackView } from './feedback.service';

/** What the member typed, as the form sent it (kept when a save is refused). */
export interface TypedFeedback {
  rating?: unknown;
  recommend?: unknown;
  good?: unknown;
  suggestions: { productAreaId?: unknown; body?: unknown }[];
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/**
 * The feedback page's context: the answer so far (or what was just typed), the options with the
 * chosen one checked, and each refused field's message key, so the template only shows.
 */
export function feedbackPage(
  view: FeedbackView,
  token: string,
  extra: { saved?: boolean; typed?: TypedFeedback; problems?: Record<string, FeedbackProblem> } = {},
) {
  const problems = extra.problems ?? {};
  const saved = view.answer;
  const typed = extra.typed;
  const rating = typed ? str(typed.rating) : str(saved?.rating);
  const recommend = typed ? str(typed.recommend) : str(saved?.recommend);
  const problemKey = (field: string) => (problems[field] ? `feedback.problem.${problems[field]}` : null);
  const onBoard = new Map((view.onBoard ?? []).map((b) => [b.slot, b]));
  const suggestions = [1, 2, 3].map((n) => {
    const board = onBoard.get(n);
    if (board)
      return {
        n,
        onBoard: { key: `feedback.became.${board.outcome}`, itemId: board.itemId },
        body: saved?.suggestions.find((x) => x.slot === n)?.body ?? '',
      };
    const t = typed?.suggestions[n - 1];
    const s = saved?.suggestions.find((x) => x.slot === n);
    const area = t ? str(t.productAreaId) : str(s?.productAreaId);
    return {
      n,
      body: t ? str(t.body) : (s?.body ?? ''),
      problemKey: problemKey(`suggestion${n}`),
      areas: view.productAreas.map((a) => ({
        id: a.id,
        name: a.name,
        selected: String(a.id) === area,
      })),
    };
  });
  return {
    title: view.meetup.title,
    bare: true,
    locale: view.locale,
    token,
    feedback: view,
    saved: extra.saved ?? false,
    refused: Object.keys(problems).length > 0,
    ratings: [1, 2, 3, 4, 5].map((v) => ({ value: v, checked: String(v) === rating })),
    recommends: Array.from({ length: 11 }, (_, v) => ({ value: v, checked: String(v) === recommend })),
    good: typed ? str(typed.good) : (saved?.good ?? ''),
    suggestions,
    waiting: (view.waiting ?? []).filter((w) => w.similar.length > 0),
    ratingProblem: problemKey('rating'),
    recommendProblem: problemKey('recommend'),
    goodProblem: problemKey('good'),
    suggestionsProblem: problemKey('suggestions'),
  };
}
