import '../strings';
import { planMeetups, PlannerInput } from './planner';

const base: PlannerInput = {
  cities: [
    { id: 1, name: 'Shanghai', timeZone: 'Asia/Shanghai', rank: 1, lastMeetupAt: null },
    { id: 2, name: 'Urumqi', timeZone: 'Asia/Urumqi', rank: 2, lastMeetupAt: null },
    { id: 3, name: 'Chengdu', timeZone: 'Asia/Shanghai', rank: 3, lastMeetupAt: null },
    { id: 4, name: 'Wuhan', timeZone: 'Asia/Shanghai', rank: 4, lastMeetupAt: null },
  ],
  fixed: [],
  startDate: '2026-12-01',
  cycleDays: 14,
  perCycle: 1,
  cycles: 6,
  weekday: 6,
  localTime: '19:00',
  coolDownWeeks: 12,
};

describe('planner', () => {
  it('carries each city’s Chinese name, when it has one, for zh-CN readers', () => {
    const named = planMeetups({
      ...base,
      cycles: 2,
      cities: [{ ...base.cities[1], nameZh: '乌鲁木齐' }, base.cities[0]],
    });
    expect(named.map((p) => [p.city, p.cityZh])).toEqual([
      ['Shanghai', null],
      ['Urumqi', '乌鲁木齐'],
    ]);
  });

  it('is deterministic and takes top-ranked cities first, each once within its cool-down', () => {
    const a = planMeetups(base);
    expect(planMeetups({ ...base, cities: [...base.cities].reverse() })).toEqual(a);
    // Four cities, 12 weeks = 6 cycles of rest: cycles 4 and 5 stay empty rather than repeat a city.
    expect(a.map((p) => [p.cycle, p.city])).toEqual([
      [0, 'Shanghai'],
      [1, 'Urumqi'],
      [2, 'Chengdu'],
      [3, 'Wuhan'],
    ]);
    // With 8 weeks of rest, Shanghai returns exactly 8 weeks later.
    const shorter = planMeetups({ ...base, coolDownWeeks: 8 });
    expect(shorter.map((p) => p.city)).toEqual(['Shanghai', 'Urumqi', 'Chengdu', 'Wuhan', 'Shanghai', 'Urumqi']);
    expect(shorter[4].startsAt.getTime() - shorter[0].startsAt.getTime()).toBe(8 * 7 * 86400000);
  });

  it('puts each meetup on the weekday at the local time in the city zone', () => {
    const [shanghai, urumqi] = planMeetups(base);
    expect(urumqi).toMatchObject({ rank: 2, timeZone: 'Asia/Urumqi' });
    expect(shanghai.startsLocal).toBe('2026-12-05T19:00'); // first Saturday from Tuesday Dec 1
    expect(shanghai.startsAt.toISOString()).toBe('2026-12-05T11:00:00.000Z');
    expect(urumqi.startsLocal).toBe('2026-12-19T19:00');
    expect(urumqi.startsAt.toISOString()).toBe('2026-12-19T13:00:00.000Z');
  });

  it('skips cities still in cool-down and keeps accepted meetups fixed', () => {
    const plan = planMeetups({
      ...base,
      cities: base.cities.map((c) => (c.id === 1 ? { ...c, lastMeetupAt: new Date('2026-11-01T11:00:00Z') } : c)),
      fixed: [{ cityId: 4, startsAt: new Date('2026-12-05T11:00:00Z') }],
      cycles: 2,
    });
    // Cycle 0 is taken by the accepted Wuhan meetup; Shanghai rests until late January.
    expect(plan.map((p) => [p.cycle, p.city])).toEqual([[1, 'Urumqi']]);
  });

  it('leaves a skipped cycle empty', () => {
    expect(planMeetups({ ...base, cycles: 3, skipCycles: [1] }).map((p) => p.cycle)).toEqual([0, 2]);
  });
});
