/**
 * The words of the engineer matching (engineers, meetups, fixed pairs, the proposal and its
 * explanations) and the small rules both the model and its infeasibility explanations use.
 */
export type Depth = 'expert' | 'knows';

export interface MatchEngineer {
  id: number;
  /** How people know them: "E1024 Li Wei". */
  label: string;
  homeCityId: number | null;
  homeCity: string | null;
  /** Product area key (slug) → depth. */
  areas: Record<string, Depth>;
  /** City-local dates, YYYY-MM-DD. */
  unavailable: string[];
  maxMeetupsPerMonth: number;
  maxTripsPerMonth: number;
}

export interface MatchMeetup {
  id: number;
  /** The city's name, as staff say it: "Chengdu". */
  city: string;
  cityId: number;
  /** City-local date of the start, YYYY-MM-DD. */
  date: string;
  /** Product area key → demand (open questions weighted by up-votes, or expected interest). */
  demand: Record<string, number>;
  minEngineers: number;
  maxEngineers: number;
}

export type PairState = 'confirmed' | 'pinned' | 'excluded';

export interface FixedPair {
  engineerId: number;
  meetupId: number;
  state: PairState;
}

/** Meetups an engineer is already confirmed for outside the horizon, per month. */
export interface PriorLoad {
  engineerId: number;
  month: string;
  meetups: number;
  trips: number;
}

export interface MatchInput {
  engineers: MatchEngineer[];
  meetups: MatchMeetup[];
  fixed?: FixedPair[];
  prior?: PriorLoad[];
  weights?: Partial<MatchWeights>;
  timeLimitMs?: number;
}

export interface MatchWeights {
  expert: number;
  knows: number;
  /** λ: what one trip away from home costs, in demand units. */
  travel: number;
  /** Demand below this is not "real": no coverage gap is reported for it. */
  realDemand: number;
}

export const DEFAULT_WEIGHTS: MatchWeights = { expert: 2, knows: 1, travel: 1, realDemand: 1 };

export interface CoveredArea {
  area: string;
  demand: number;
  depth: Depth;
}

export interface ProposedPair {
  engineerId: number;
  meetupId: number;
  /** confirmed / pinned pairs were fixed; proposed ones are the solver's choice. */
  state: 'proposed' | 'confirmed' | 'pinned';
  covers: CoveredArea[];
  travel: { home: true; city: string } | { home: false; from: string | null; to: string };
  load: { month: string; meetups: number; maxMeetups: number; trips: number; maxTrips: number };
  score: number;
}

export interface MeetupGap {
  meetupId: number;
  area: string;
  demand: number;
}

/** Why there is no proposal: a code and its parameters (pages translate them) and the English text. */
export interface MatchReason {
  code:
    | 'min-above-max'
    | 'too-few'
    | 'too-many-fixed'
    | 'fixed-over-month'
    | 'fixed-over-trips'
    | 'month-short'
    | 'limits-clash'
    | 'timed-out';
  params: Record<string, string | number>;
  text: string;
}

export type MatchResult =
  | {
      status: 'proposed';
      /** false when the time limit stopped the search with a good but unproven answer. */
      optimal: boolean;
      objective: number;
      pairs: ProposedPair[];
      gaps: MeetupGap[];
    }
  | { status: 'infeasible' | 'timedout'; reasons: MatchReason[] };

export const monthOf = (date: string) => date.slice(0, 7);
export const varKey = (e: number, m: number) => `x:${e}:${m}`;
export const gapKey = (m: number, area: string) => `g:${m}:${area}`;

/** What x(e,m) = 1 adds to the objective, before the gap penalties. */
export function pairScore(engineer: MatchEngineer, meetup: MatchMeetup, weights: MatchWeights): number {
  let score = 0;
  for (const [area, demand] of Object.entries(meetup.demand)) {
    const depth = engineer.areas[area];
    if (depth) score += demand * weights[depth];
  }
  return isTrip(engineer, meetup) ? score - weights.travel : score;
}

export const isTrip = (engineer: MatchEngineer, meetup: MatchMeetup) => engineer.homeCityId !== meetup.cityId;

/** The areas with real demand at a meetup, most asked first. */
export function realAreas(meetup: MatchMeetup, weights: MatchWeights): string[] {
  return Object.entries(meetup.demand)
    .filter(([, demand]) => demand >= weights.realDemand)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([area]) => area);
}

/** The gap penalty P: more than every pair of the problem could gain together, so covering always wins. */
export function gapPenalty(input: MatchInput, weights: MatchWeights): number {
  let best = 0;
  for (const m of input.meetups) {
    for (const e of input.engineers) best = Math.max(best, pairScore(e, m, weights) + weights.travel);
  }
  return Math.max(10, (best + weights.travel) * 10);
}

/** Whether engineer e may go to meetup m at all (dates, exclusions, zero limits). */
export function mayGo(engineer: MatchEngineer, meetup: MatchMeetup, fixed: Map<string, PairState>): boolean {
  const state = fixed.get(varKey(engineer.id, meetup.id));
  if (state === 'confirmed' || state === 'pinned') return true;
  if (state === 'excluded') return false;
  if (engineer.unavailable.includes(meetup.date)) return false;
  if (engineer.maxMeetupsPerMonth < 1) return false;
  return !isTrip(engineer, meetup) || engineer.maxTripsPerMonth >= 1;
}

export function fixedPairs(input: MatchInput): Map<string, PairState> {
  return new Map((input.fixed ?? []).map((p) => [varKey(p.engineerId, p.meetupId), p.state]));
}

export function priorOf(input: MatchInput, engineerId: number, month: string): { meetups: number; trips: number } {
  const found = (input.prior ?? []).find((p) => p.engineerId === engineerId && p.month === month);
  return { meetups: found?.meetups ?? 0, trips: found?.trips ?? 0 };
}
