/**
 * One line per figure a bench proves, for `bench/run-all.ts` to gather into one table. The human-readable
 * output of each bench stays as it is; this line comes beside it.
 */
export interface Figure {
  /** What was measured, e.g. "RSVP accept, 20 meetups (answers/s)". */
  figure: string;
  value: number;
  /** The baseline measured in the same run, when the target is a ratio to it. */
  baseline?: { name: string; value: number };
  /** value / baseline, or baseline / value for times — whichever the target speaks of. */
  ratio?: number;
  /** The target in words, e.g. "≥ 25 % of /health" or "p95 < 50 ms". */
  target: string;
  /** null when the figure has no pass/fail target (recorded only). */
  met: boolean | null;
}

export const FIGURE_PREFIX = 'BENCH-FIGURE ';

export function reportFigure(figure: Figure): void {
  console.log(FIGURE_PREFIX + JSON.stringify(figure));
}
