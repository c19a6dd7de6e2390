import { scheduleWeeks } from './schedule';

describe('schedule', () => {
  const meetup = (id: number, startsAt: string) => ({
    id,
    title: `M${id}`,
    city: 'Chengdu',
    status: 'scheduled',
    startsAt,
  });

  it('lays the coming cycles out as weeks from Monday, two a cycle, each meetup on its local day', () => {
    // 2026-12-03 is a Thursday: the grid starts on Monday 2026-11-30.
    const weeks = scheduleWeeks('2026-12-03', 3, [meetup(2, '2026-12-19T19:00'), meetup(1, '2026-12-05T19:00')]);
    expect(weeks).toHaveLength(6);
    expect(weeks.map((w) => w.cycle)).toEqual([1, null, 2, null, 3, null]);
    expect(weeks[0].days[0].date).toBe('2026-11-30');
    expect(weeks[0].days.find((d) => d.today)!.date).toBe('2026-12-03');
    expect(weeks[0].days[5].meetups.map((m) => m.id)).toEqual([1]);
    expect(weeks[2].days[5].meetups.map((m) => m.id)).toEqual([2]);
    expect(weeks.flatMap((w) => w.days).filter((d) => d.meetups.length).length).toBe(2);
  });
});
