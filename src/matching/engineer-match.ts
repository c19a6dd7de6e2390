import { explainInfeasible } from './match-feasibility';
import { MatchSolver, ProgramVariable, YalpsMatchSolver, ZeroOneProgram } from './match-solver';
import {
  DEFAULT_WEIGHTS,
  fixedPairs,
  gapKey,
  gapPenalty,
  isTrip,
  mayGo,
  monthOf,
  pairScore,
  priorOf,
  realAreas,
  varKey,
  type MatchEngineer,
  type MatchInput,
  type MatchResult,
  type MatchWeights,
  type MeetupGap,
  type ProposedPair,
} from './match-model';

export * from './match-model';

/**
 * Engineers to meetups as an integer program. x(e,m) = 1 when engineer e goes to meetup m.
 *
 *   maximise Σ x(e,m)·(Σ_a demand(m,a)·expertise(e,a) − λ·travel(e,m)) − P·Σ gap(m,a)
 *
 * Hard: min ≤ engineers of a meetup ≤ max; per engineer and month at most K meetups and at most T
 * trips away from home (confirmed meetups outside the horizon count too); unavailable dates and
 * excluded pairs are 0; confirmed and pinned pairs are 1 — the solver never reshuffles them.
 * Soft: every area with real demand at a meetup has an engineer who knows it, or its gap(m,a) = 1
 * costs P, heavier than anything a pair can gain, so a gap is reported rather than the whole
 * problem becoming infeasible.
 */
function buildProgram(input: MatchInput, weights: MatchWeights): ZeroOneProgram {
  const fixed = fixedPairs(input);
  const rows: ZeroOneProgram['rows'] = new Map();
  const variables: ProgramVariable[] = [];
  const penalty = gapPenalty(input, weights);
  const engineerMonths = new Map<string, { meetups: string[]; trips: string[]; e: MatchEngineer; month: string }>();

  for (const m of input.meetups) {
    rows.set(`size:${m.id}`, { min: m.minEngineers, max: m.maxEngineers });
    for (const area of realAreas(m, weights)) {
      const g = gapKey(m.id, area);
      rows.set(`cover:${g}`, { min: 1 });
      variables.push({ key: g, objective: -penalty, binary: false, rows: new Map([[`cover:${g}`, 1]]) });
    }
    for (const e of input.engineers) {
      if (!mayGo(e, m, fixed)) continue;
      const key = varKey(e.id, m.id);
      const coefficients = new Map<string, number>([[`size:${m.id}`, 1]]);
      for (const area of realAreas(m, weights)) if (e.areas[area]) coefficients.set(`cover:${gapKey(m.id, area)}`, 1);
      const state = fixed.get(key);
      if (state === 'confirmed' || state === 'pinned') {
        rows.set(`fix:${key}`, { equal: 1 });
        coefficients.set(`fix:${key}`, 1);
      }
      const monthKey = `${e.id}:${monthOf(m.date)}`;
      const month = engineerMonths.get(monthKey) ?? { meetups: [], trips: [], e, month: monthOf(m.date) };
      month.meetups.push(key);
      if (isTrip(e, m)) month.trips.push(key);
      engineerMonths.set(monthKey, month);
      variables.push({ key, objective: pairScore(e, m, weights), binary: true, rows: coefficients });
    }
  }
  // Limits per engineer and month; a row only where it can bind, which keeps the dense matrix small.
  const byKey = new Map(variables.map((v) => [v.key, v]));
  for (const [monthKey, month] of engineerMonths) {
    const prior = priorOf(input, month.e.id, month.month);
    const meetupsLeft = month.e.maxMeetupsPerMonth - prior.meetups;
    const tripsLeft = month.e.maxTripsPerMonth - prior.trips;
    if (month.meetups.length > meetupsLeft) {
      rows.set(`month:${monthKey}`, { max: meetupsLeft });
      for (const key of month.meetups) byKey.get(key)!.rows.set(`month:${monthKey}`, 1);
    }
    if (month.trips.length > tripsLeft) {
      rows.set(`trips:${monthKey}`, { max: tripsLeft });
      for (const key of month.trips) byKey.get(key)!.rows.set(`trips:${monthKey}`, 1);
    }
  }
  return { variables, rows };
}

/** Solves the matching, or says in words why it cannot be done. Never throws on bad luck, never hangs. */
export function matchEngineers(input: MatchInput, solver: MatchSolver = new YalpsMatchSolver()): MatchResult {
  const weights = { ...DEFAULT_WEIGHTS, ...input.weights };
  const obvious = explainInfeasible(input, weights);
  if (obvious.length) return { status: 'infeasible', reasons: obvious };
  const outcome = solver.solve(buildProgram(input, weights), input.timeLimitMs ?? 5_000);
  if (outcome.status === 'infeasible' || outcome.status === 'failed') {
    return { status: 'infeasible', reasons: explainInfeasible(input, weights, true) };
  }
  if (outcome.values.size === 0 && !Number.isFinite(outcome.objective)) {
    const ms = input.timeLimitMs ?? 5_000;
    return {
      status: 'timedout',
      reasons: [{ code: 'timed-out', params: { ms }, text: `No assignment found within ${ms} ms.` }],
    };
  }
  const chosen = new Set([...outcome.values].filter(([k, v]) => k.startsWith('x:') && v > 0.5).map(([k]) => k));
  return { ...describe(input, weights, chosen), status: 'proposed', optimal: outcome.status === 'optimal' };
}

/** The objective of a set of pairs, recomputed from the input: what tests and the bench compare. */
export function objectiveOf(input: MatchInput, pairs: { engineerId: number; meetupId: number }[]): number {
  const weights = { ...DEFAULT_WEIGHTS, ...input.weights };
  const chosen = new Set(pairs.map((p) => varKey(p.engineerId, p.meetupId)));
  return describe(input, weights, chosen).objective;
}

function describe(input: MatchInput, weights: MatchWeights, chosen: Set<string>) {
  const fixed = fixedPairs(input);
  const pairs: ProposedPair[] = [];
  const gaps: MeetupGap[] = [];
  const penalty = gapPenalty(input, weights);
  const load = new Map<string, { meetups: number; trips: number }>();
  for (const m of input.meetups) {
    for (const e of input.engineers) {
      if (!chosen.has(varKey(e.id, m.id))) continue;
      const key = `${e.id}:${monthOf(m.date)}`;
      const prior = load.get(key) ?? priorOf(input, e.id, monthOf(m.date));
      load.set(key, { meetups: prior.meetups + 1, trips: prior.trips + (isTrip(e, m) ? 1 : 0) });
    }
  }
  let objective = 0;
  for (const m of input.meetups) {
    const team = input.engineers.filter((e) => chosen.has(varKey(e.id, m.id)));
    for (const e of team) {
      const month = monthOf(m.date);
      const { meetups, trips } = load.get(`${e.id}:${month}`)!;
      const state = fixed.get(varKey(e.id, m.id));
      const score = pairScore(e, m, weights);
      objective += score;
      pairs.push({
        engineerId: e.id,
        meetupId: m.id,
        state: state === 'confirmed' || state === 'pinned' ? state : 'proposed',
        covers: Object.entries(m.demand)
          .filter(([area, demand]) => demand > 0 && e.areas[area])
          .map(([area, demand]) => ({ area, demand, depth: e.areas[area] }))
          .sort((a, b) => b.demand - a.demand || a.area.localeCompare(b.area)),
        travel: isTrip(e, m) ? { home: false, from: e.homeCity, to: m.city } : { home: true, city: m.city },
        load: { month, meetups, maxMeetups: e.maxMeetupsPerMonth, trips, maxTrips: e.maxTripsPerMonth },
        score,
      });
    }
    for (const area of realAreas(m, weights)) {
      if (team.some((e) => e.areas[area])) continue;
      gaps.push({ meetupId: m.id, area, demand: m.demand[area] });
      objective -= penalty;
    }
  }
  return { objective, pairs, gaps };
}
