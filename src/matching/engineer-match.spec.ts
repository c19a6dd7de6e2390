import {
  gapPenalty,
  matchEngineers,
  objectiveOf,
  DEFAULT_WEIGHTS,
  type FixedPair,
  type MatchEngineer,
  type MatchInput,
  type MatchMeetup,
} from './engineer-match';
import { YalpsMatchSolver, type ZeroOneProgram } from './match-solver';

const engineer = (id: number, over: Partial<MatchEngineer> = {}): MatchEngineer => ({
  id,
  label: `E100${id}`,
  homeCityId: 1,
  homeCity: 'Shanghai',
  areas: {},
  unavailable: [],
  maxMeetupsPerMonth: 2,
  maxTripsPerMonth: 2,
  ...over,
});
const meetup = (id: number, over: Partial<MatchMeetup> = {}): MatchMeetup => ({
  id,
  city: 'Shanghai',
  cityId: 1,
  date: '2027-01-16',
  demand: {},
  minEngineers: 1,
  maxEngineers: 2,
  ...over,
});
const proposed = (input: MatchInput) => {
  const result = matchEngineers(input);
  if (result.status !== 'proposed') throw new Error(`expected a proposal, got ${JSON.stringify(result)}`);
  return result;
};
const teamOf = (result: ReturnType<typeof proposed>, meetupId: number) =>
  result.pairs
    .filter((p) => p.meetupId === meetupId)
    .map((p) => p.engineerId)
    .sort();

describe('engineer matching', () => {
  it('sends the engineers who know what the attendees ask about', () => {
    const result = proposed({
      engineers: [
        engineer(1, { areas: { camera: 'expert' } }),
        engineer(2, { areas: { battery: 'knows' } }),
        engineer(3, { areas: { os: 'expert' } }),
      ],
      meetups: [meetup(10, { demand: { camera: 5, os: 2 } })],
    });
    expect(teamOf(result, 10)).toEqual([1, 3]);
    expect(result.gaps).toEqual([]);
    const camera = result.pairs.find((p) => p.engineerId === 1)!;
    expect(camera.covers).toEqual([{ area: 'camera', demand: 5, depth: 'expert' }]);
    expect(camera.travel).toEqual({ home: true, city: 'Shanghai' });
    expect(camera.load).toEqual({ month: '2027-01', meetups: 1, maxMeetups: 2, trips: 0, maxTrips: 2 });
  });

  it('keeps an engineer within K meetups a month and T trips away', () => {
    const meetups = [1, 2, 3].map((i) =>
      meetup(i, { city: `City ${i}`, cityId: 10 + i, date: `2027-01-0${i}`, demand: { os: 3 } }),
    );
    const result = proposed({
      engineers: [
        engineer(1, { areas: { os: 'expert' }, maxMeetupsPerMonth: 2, maxTripsPerMonth: 1 }),
        engineer(2, { areas: { os: 'knows' }, maxMeetupsPerMonth: 3, maxTripsPerMonth: 3 }),
      ],
      meetups,
    });
    const trips = result.pairs.filter((p) => p.engineerId === 1);
    expect(trips).toHaveLength(1);
    expect(trips[0].travel).toMatchObject({ home: false, from: 'Shanghai' });
    expect(trips[0].load).toMatchObject({ trips: 1, maxTrips: 1 });
    expect(result.pairs.filter((p) => p.engineerId === 2)).toHaveLength(3);
  });

  it('counts meetups already confirmed outside the horizon against the month', () => {
    const result = proposed({
      engineers: [engineer(1, { areas: { os: 'expert' } }), engineer(2)],
      meetups: [meetup(10, { demand: { os: 4 } })],
      prior: [{ engineerId: 1, month: '2027-01', meetups: 2, trips: 0 }],
    });
    expect(teamOf(result, 10)).toEqual([2]);
    expect(result.gaps).toEqual([{ meetupId: 10, area: 'os', demand: 4 }]);
  });

  it('never sends an engineer on a date they are away', () => {
    const result = proposed({
      engineers: [engineer(1, { areas: { os: 'expert' }, unavailable: ['2027-01-16'] }), engineer(2)],
      meetups: [meetup(10, { demand: { os: 4 } })],
    });
    expect(teamOf(result, 10)).toEqual([2]);
  });

  it('keeps pinned and confirmed pairs although better engineers exist, and leaves excluded pairs out', () => {
    const fixed: FixedPair[] = [
      { engineerId: 3, meetupId: 10, state: 'confirmed' },
      { engineerId: 4, meetupId: 10, state: 'pinned' },
      { engineerId: 1, meetupId: 10, state: 'excluded' },
    ];
    const result = proposed({
      engineers: [
        engineer(1, { areas: { os: 'expert' } }),
        engineer(2, { areas: { os: 'expert' } }),
        engineer(3),
        engineer(4),
      ],
      meetups: [meetup(10, { demand: { os: 4 }, minEngineers: 2, maxEngineers: 3 })],
      fixed,
    });
    expect(teamOf(result, 10)).toEqual([2, 3, 4]);
    expect(result.pairs.find((p) => p.engineerId === 3)!.state).toBe('confirmed');
    expect(result.pairs.find((p) => p.engineerId === 4)!.state).toBe('pinned');
    expect(result.pairs.find((p) => p.engineerId === 2)!.state).toBe('proposed');
  });

  it('reports a coverage gap instead of failing when nobody knows an area', () => {
    const result = proposed({
      engineers: [engineer(1, { areas: { os: 'expert' } }), engineer(2, { areas: { camera: 'knows' } })],
      meetups: [meetup(10, { demand: { os: 3, router: 6, battery: 0.5 } })],
    });
    // battery's demand is below "real" (1): not a gap.
    expect(result.gaps).toEqual([{ meetupId: 10, area: 'router', demand: 6 }]);
    expect(teamOf(result, 10)).toEqual([1]);
  });

  it('prefers covering a second area over a stronger engineer for the first', () => {
    const result = proposed({
      engineers: [
        engineer(1, { areas: { os: 'expert' } }),
        engineer(2, { areas: { os: 'expert' } }),
        engineer(3, { areas: { router: 'knows' }, homeCityId: 9, homeCity: 'Urumqi' }),
      ],
      meetups: [meetup(10, { demand: { os: 30, router: 1 }, maxEngineers: 2 })],
    });
    expect(teamOf(result, 10)).toEqual([1, 3].sort());
    expect(result.gaps).toEqual([]);
  });

  it('explains in words when a meetup cannot get its engineers', () => {
    const result = matchEngineers({
      engineers: [engineer(1), engineer(2, { unavailable: ['2027-01-16'] })],
      meetups: [meetup(10, { city: 'Chengdu', cityId: 2, minEngineers: 2 })],
    });
    expect(result).toEqual({
      status: 'infeasible',
      reasons: [
        {
          code: 'too-few',
          params: { city: 'Chengdu', date: '2027-01-16', min: 2, available: 1 },
          text: 'Chengdu needs 2 engineers; only 1 is available on 2027-01-16.',
        },
      ],
    });
  });

  it('explains when pins break a monthly limit', () => {
    const result = matchEngineers({
      engineers: [engineer(1, { maxMeetupsPerMonth: 1 })],
      meetups: [meetup(10), meetup(11, { date: '2027-01-30' })],
      fixed: [
        { engineerId: 1, meetupId: 10, state: 'pinned' },
        { engineerId: 1, meetupId: 11, state: 'confirmed' },
      ],
    });
    expect(result.status).toBe('infeasible');
    expect(result.status === 'infeasible' && result.reasons.map((r) => r.text)).toEqual([
      'E1001 is confirmed or pinned for 2 meetups in 2027-01; their limit is 1 a month.',
    ]);
  });

  it('explains a month that is infeasible only as a whole', () => {
    // Each meetup alone has two engineers, but each engineer can make one meetup that month.
    const result = matchEngineers({
      engineers: [engineer(1, { maxMeetupsPerMonth: 1 }), engineer(2, { maxMeetupsPerMonth: 1 })],
      meetups: [meetup(10, { minEngineers: 2 }), meetup(11, { date: '2027-01-30', minEngineers: 1 })],
    });
    expect(result.status).toBe('infeasible');
    expect(result.status === 'infeasible' && result.reasons.map((r) => r.text)).toEqual([
      'In 2027-01 the meetups need at least 3 engineer visits; the available engineers can make at most 2 within their monthly limits.',
    ]);
  });

  it('says so, instead of hanging, when the solver runs out of time without an answer', () => {
    const slow = { solve: () => ({ status: 'timedout' as const, objective: NaN, values: new Map<string, number>() }) };
    const result = matchEngineers({ engineers: [engineer(1)], meetups: [meetup(10)], timeLimitMs: 50 }, slow);
    expect(result).toEqual({
      status: 'timedout',
      reasons: [{ code: 'timed-out', params: { ms: 50 }, text: 'No assignment found within 50 ms.' }],
    });
  });

  it('keeps the best answer found in time, marked as not proven optimal', () => {
    const input = {
      engineers: [engineer(1, { areas: { os: 'expert' as const } })],
      meetups: [meetup(10, { demand: { os: 2 } })],
    };
    const real = new YalpsMatchSolver();
    const hurried = {
      solve: (p: ZeroOneProgram, ms: number) => ({ ...real.solve(p, ms), status: 'timedout' as const }),
    };
    const result = matchEngineers(input, hurried);
    expect(result).toMatchObject({ status: 'proposed', optimal: false, pairs: [{ engineerId: 1, meetupId: 10 }] });
  });

  it('answers an empty horizon with an empty proposal', () => {
    expect(matchEngineers({ engineers: [engineer(1)], meetups: [] })).toMatchObject({ status: 'proposed', pairs: [] });
  });
});

/** Mulberry32: small, seeded, good enough to draw test cases. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomCase(seed: number): MatchInput {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const areas = ['os', 'camera', 'battery', 'router'];
  const meetups = Array.from({ length: int(1, 3) }, (_, i) => {
    const cityId = int(1, 3);
    const min = int(0, 2);
    return meetup(i + 1, {
      city: `City ${cityId}`,
      cityId,
      date: `2027-0${int(1, 2)}-${String(int(10, 12)).padStart(2, '0')}`,
      demand: Object.fromEntries(areas.filter(() => r() < 0.6).map((a) => [a, int(0, 6)])),
      minEngineers: min,
      maxEngineers: min + int(0, 2),
    });
  });
  const engineers = Array.from({ length: int(2, 6) }, (_, i) =>
    engineer(i + 1, {
      homeCityId: int(1, 3),
      homeCity: 'Home',
      areas: Object.fromEntries(areas.filter(() => r() < 0.35).map((a) => [a, r() < 0.5 ? 'expert' : 'knows'])),
      unavailable: meetups.filter(() => r() < 0.15).map((m) => m.date),
      maxMeetupsPerMonth: int(1, 2),
      maxTripsPerMonth: int(0, 2),
    }),
  );
  const fixed: FixedPair[] = [];
  for (const e of engineers) {
    for (const m of meetups) {
      const roll = r();
      if (roll < 0.06) fixed.push({ engineerId: e.id, meetupId: m.id, state: 'pinned' });
      else if (roll < 0.14) fixed.push({ engineerId: e.id, meetupId: m.id, state: 'excluded' });
    }
  }
  return { engineers, meetups, fixed, weights: { travel: int(0, 3) } };
}

/** The optimum by trying every assignment: the rules written out again, independently of the model. */
function exhaustiveOptimum(input: MatchInput): number | null {
  const w = { ...DEFAULT_WEIGHTS, ...input.weights };
  const penalty = gapPenalty(input, w);
  const fixedState = (e: number, m: number) => input.fixed?.find((f) => f.engineerId === e && f.meetupId === m)?.state;
  const teams = input.meetups.map((m) => {
    const options: MatchEngineer[][] = [];
    for (let mask = 0; mask < 1 << input.engineers.length; mask++) {
      const team = input.engineers.filter((_, i) => mask & (1 << i));
      if (team.length < m.minEngineers || team.length > m.maxEngineers) continue;
      const ok = input.engineers.every((e) => {
        const state = fixedState(e.id, m.id);
        const inTeam = team.includes(e);
        if (state === 'pinned' || state === 'confirmed') return inTeam;
        if (state === 'excluded' || e.unavailable.includes(m.date)) return !inTeam;
        return true;
      });
      if (ok) options.push(team);
    }
    return options;
  });
  let best: number | null = null;
  const walk = (i: number, chosen: MatchEngineer[][]) => {
    if (i === input.meetups.length) {
      for (const e of input.engineers) {
        const months = new Map<string, { n: number; trips: number }>();
        input.meetups.forEach((m, j) => {
          if (!chosen[j].includes(e)) return;
          const c = months.get(m.date.slice(0, 7)) ?? { n: 0, trips: 0 };
          months.set(m.date.slice(0, 7), { n: c.n + 1, trips: c.trips + (e.homeCityId === m.cityId ? 0 : 1) });
        });
        for (const c of months.values()) if (c.n > e.maxMeetupsPerMonth || c.trips > e.maxTripsPerMonth) return;
      }
      let value = 0;
      input.meetups.forEach((m, j) => {
        for (const e of chosen[j]) {
          for (const [a, d] of Object.entries(m.demand)) if (e.areas[a]) value += d * w[e.areas[a]];
          if (e.homeCityId !== m.cityId) value -= w.travel;
        }
        for (const [a, d] of Object.entries(m.demand)) {
          if (d >= w.realDemand && !chosen[j].some((e) => e.areas[a])) value -= penalty;
        }
      });
      if (best === null || value > best) best = value;
      return;
    }
    for (const team of teams[i]) walk(i + 1, [...chosen, team]);
  };
  walk(0, []);
  return best;
}

describe('engineer matching against exhaustive search', () => {
  it('finds the optimum of 80 random small cases (≤ 6 engineers × 3 meetups), or says there is none', () => {
    let feasible = 0;
    for (let seed = 1; seed <= 80; seed++) {
      const input = randomCase(seed);
      const optimum = exhaustiveOptimum(input);
      const result = matchEngineers(input);
      if (optimum === null) {
        expect({ seed, status: result.status }).toEqual({ seed, status: 'infeasible' });
        continue;
      }
      feasible++;
      expect({ seed, status: result.status }).toEqual({ seed, status: 'proposed' });
      if (result.status !== 'proposed') continue;
      expect(result.optimal).toBe(true);
      // The objective recomputed from the pairs, not the solver's own figure.
      expect({ seed, objective: objectiveOf(input, result.pairs) }).toEqual({ seed, objective: optimum });
    }
    // The cases must mostly be solvable, or the comparison proves little.
    expect(feasible).toBeGreaterThanOrEqual(50);
  });
});
