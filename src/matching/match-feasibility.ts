import {
  fixedPairs,
  isTrip,
  mayGo,
  monthOf,
  priorOf,
  type MatchEngineer,
  type MatchInput,
  type MatchMeetup,
  type MatchReason,
  type MatchWeights,
  varKey,
} from './match-model';

/**
 * Why a matching cannot be done, in words staff can act on. The cheap checks run before the solver
 * (one meetup, one engineer at a time); `afterSolver` adds the month-wide count for when the solver
 * found the whole infeasible although no single meetup or engineer is.
 */
export function explainInfeasible(input: MatchInput, _weights: MatchWeights, afterSolver = false): MatchReason[] {
  const reasons: MatchReason[] = [];
  const say = (code: MatchReason['code'], params: MatchReason['params'], text: string) =>
    reasons.push({ code, params, text });
  const fixed = fixedPairs(input);
  const isFixed = (e: MatchEngineer, m: MatchMeetup) => {
    const state = fixed.get(varKey(e.id, m.id));
    return state === 'confirmed' || state === 'pinned';
  };
  const canStillGo = (e: MatchEngineer, m: MatchMeetup) => {
    if (isFixed(e, m)) return true;
    if (!mayGo(e, m, fixed)) return false;
    const prior = priorOf(input, e.id, monthOf(m.date));
    if (e.maxMeetupsPerMonth - prior.meetups < 1) return false;
    return !isTrip(e, m) || e.maxTripsPerMonth - prior.trips >= 1;
  };

  for (const m of input.meetups) {
    if (m.minEngineers > m.maxEngineers) {
      say(
        'min-above-max',
        { city: m.city, date: m.date, min: m.minEngineers, max: m.maxEngineers },
        `${m.city} on ${m.date} asks for at least ${m.minEngineers} but at most ${m.maxEngineers} engineers.`,
      );
      continue;
    }
    const available = input.engineers.filter((e) => canStillGo(e, m)).length;
    if (available < m.minEngineers) {
      say(
        'too-few',
        { city: m.city, date: m.date, min: m.minEngineers, available },
        `${m.city} needs ${m.minEngineers} engineer${m.minEngineers === 1 ? '' : 's'}; only ${available} ${available === 1 ? 'is' : 'are'} available on ${m.date}.`,
      );
    }
    const held = input.engineers.filter((e) => isFixed(e, m)).length;
    if (held > m.maxEngineers) {
      say(
        'too-many-fixed',
        { city: m.city, date: m.date, max: m.maxEngineers, held },
        `${m.city} on ${m.date} takes at most ${m.maxEngineers} engineers; ${held} are confirmed or pinned.`,
      );
    }
  }

  const months = [...new Set(input.meetups.map((m) => monthOf(m.date)))].sort();
  for (const e of input.engineers) {
    for (const month of months) {
      const prior = priorOf(input, e.id, month);
      const held = input.meetups.filter((m) => monthOf(m.date) === month && isFixed(e, m));
      const trips = held.filter((m) => isTrip(e, m)).length;
      if (held.length + prior.meetups > e.maxMeetupsPerMonth) {
        say(
          'fixed-over-month',
          { engineer: e.label, month, held: held.length + prior.meetups, max: e.maxMeetupsPerMonth },
          `${e.label} is confirmed or pinned for ${held.length + prior.meetups} meetups in ${month}; their limit is ${e.maxMeetupsPerMonth} a month.`,
        );
      }
      if (trips + prior.trips > e.maxTripsPerMonth) {
        say(
          'fixed-over-trips',
          { engineer: e.label, month, held: trips + prior.trips, max: e.maxTripsPerMonth },
          `${e.label} is confirmed or pinned for ${trips + prior.trips} trips away in ${month}; their limit is ${e.maxTripsPerMonth} a month.`,
        );
      }
    }
  }
  if (reasons.length || !afterSolver) return reasons;

  for (const month of months) {
    const meetups = input.meetups.filter((m) => monthOf(m.date) === month);
    const needed = meetups.reduce((sum, m) => sum + m.minEngineers, 0);
    const possible = input.engineers.reduce((sum, e) => {
      const left = e.maxMeetupsPerMonth - priorOf(input, e.id, month).meetups;
      return sum + Math.max(0, Math.min(left, meetups.filter((m) => canStillGo(e, m)).length));
    }, 0);
    if (possible < needed) {
      say(
        'month-short',
        { month, needed, possible },
        `In ${month} the meetups need at least ${needed} engineer visits; the available engineers can make at most ${possible} within their monthly limits.`,
      );
    }
  }
  if (!reasons.length) {
    say(
      'limits-clash',
      {},
      'The meetups’ minimum numbers of engineers and the engineers’ monthly meetup and trip limits cannot all be met together; raise a limit, lower a minimum or drop an exclusion.',
    );
  }
  return reasons;
}
