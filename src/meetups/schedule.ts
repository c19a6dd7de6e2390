import { DateTime } from 'luxon';

/** A meetup as the schedule places it: on its city-local day. */
export interface ScheduledMeetup {
  id: number;
  title: string;
  city: string;
  status: string;
  /** City-local wall clock, "2026-12-05T19:00". */
  startsAt: string;
}

export interface ScheduleDay {
  date: string;
  day: number;
  today: boolean;
  meetups: ScheduledMeetup[];
}

export interface ScheduleWeek {
  /** 1-based cycle number, on the first week of each cycle; null on its second week. */
  cycle: number | null;
  days: ScheduleDay[];
}

/**
 * The coming cycles as a calendar: weeks Monday to Sunday from the week of `today`, two weeks a cycle
 * (the biweekly rhythm shows as pairs of rows), each meetup on its own city-local day. Pure: the
 * controller passes the meetups in the window.
 */
export function scheduleWeeks(
  today: string,
  cycles: number,
  meetups: ScheduledMeetup[],
  cycleDays = 14,
): ScheduleWeek[] {
  const first = DateTime.fromISO(today, { zone: 'utc' }).startOf('week');
  const byDay = new Map<string, ScheduledMeetup[]>();
  for (const m of [...meetups].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const day = m.startsAt.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), m]);
  }
  const weeksPerCycle = Math.max(1, Math.round(cycleDays / 7));
  return Array.from({ length: cycles * weeksPerCycle }, (_, w) => ({
    cycle: w % weeksPerCycle === 0 ? w / weeksPerCycle + 1 : null,
    days: Array.from({ length: 7 }, (_, d) => {
      const date = first.plus({ days: w * 7 + d }).toISODate()!;
      return { date, day: Number(date.slice(8)), today: date === today, meetups: byDay.get(date) ?? [] };
    }),
  }));
}
