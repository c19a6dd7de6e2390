import { DateTime } from 'luxon';
import { Message, message, translate } from '../common/strings';

export interface PlannerCity {
  id: number;
  name: string;
  /** The Chinese name of a gazetteer city, which zh-CN readers see. */
  nameZh?: string | null;
  timeZone: string;
  /** 1 = best; eligible cities from the ranking. */
  rank: number;
  lastMeetupAt: Date | null;
}

export interface FixedMeetup {
  cityId: number;
  startsAt: Date;
}

export interface PlannerInput {
  cities: PlannerCity[];
  /** Meetups staff already accepted (not cancelled): they keep their slot and count for cool-down. */
  fixed: FixedMeetup[];
  /** ISO date the first cycle begins, e.g. 2026-12-01. */
  startDate: string;
  cycleDays: number;
  perCycle: number;
  cycles: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** City-local time, "19:00". */
  localTime: string;
  coolDownWeeks: number;
  /** Cycle indexes (0-based) staff chose to skip. */
  skipCycles?: number[];
}

export interface ProposedMeetup {
  cycle: number;
  cityId: number;
  city: string;
  cityZh: string | null;
  /** The city's place in the ranking (1 = best). */
  rank: number;
  timeZone: string;
  /** City-local wall clock, "2026-12-04T19:00". */
  startsLocal: string;
  startsAt: Date;
  /** Why this city in this cycle, in the viewer's language ({{text reason}}). */
  reason: Message;
  /** The same in English, for the JSON API. */
  why: string;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/**
 * Proposes meetups cycle by cycle: in each cycle, the best-ranked cities that
 * are out of cool-down on the meetup day (counting fixed meetups and earlier
 * proposals), on the first configured weekday in the cycle at the local time
 * in each city's zone. Pure and deterministic: ties by rank, then city id.
 */
const reasonOf = (reason: Message) => ({ reason, why: translate('en', reason.key, reason.params) });

export function planMeetups(input: PlannerInput): ProposedMeetup[] {
  const [hour, minute] = input.localTime.split(':').map(Number);
  const cities = [...input.cities].sort((a, b) => a.rank - b.rank || a.id - b.id);
  const taken = new Map<number, Date[]>();
  const note = (cityId: number, at: Date) => taken.set(cityId, [...(taken.get(cityId) ?? []), at]);
  for (const c of cities) if (c.lastMeetupAt) note(c.id, c.lastMeetupAt);
  for (const f of input.fixed) note(f.cityId, f.startsAt);
  const resting = (cityId: number, at: Date) =>
    (taken.get(cityId) ?? []).some((d) => Math.abs(at.getTime() - d.getTime()) < input.coolDownWeeks * WEEK_MS);

  const skip = new Set(input.skipCycles ?? []);
  const start = DateTime.fromISO(input.startDate, { zone: 'utc' });
  const proposals: ProposedMeetup[] = [];
  for (let cycle = 0; cycle < input.cycles; cycle++) {
    if (skip.has(cycle)) continue;
    const cycleStart = start.plus({ days: cycle * input.cycleDays });
    const cycleEnd = cycleStart.plus({ days: input.cycleDays });
    const offset = (input.weekday - cycleStart.weekday + 7) % 7;
    const day = cycleStart.plus({ days: offset });
    const fixedInCycle = input.fixed.filter(
      (f) => f.startsAt >= cycleStart.toJSDate() && f.startsAt < cycleEnd.toJSDate(),
    ).length;
    let wanted = input.perCycle - fixedInCycle;
    for (const c of cities) {
      if (wanted <= 0) break;
      const local = DateTime.fromObject(
        { year: day.year, month: day.month, day: day.day, hour, minute },
        { zone: c.timeZone },
      );
      const at = local.toJSDate();
      if (resting(c.id, at)) continue;
      // The meetup before this one: its last real meetup or an earlier proposal of this plan.
      const before = (taken.get(c.id) ?? []).filter((d) => d < at).sort((a, b) => b.getTime() - a.getTime())[0];
      note(c.id, at);
      wanted -= 1;
      proposals.push({
        cycle,
        cityId: c.id,
        city: c.name,
        cityZh: c.nameZh ?? null,
        rank: c.rank,
        timeZone: c.timeZone,
        startsLocal: local.toFormat("yyyy-MM-dd'T'HH:mm"),
        startsAt: at,
        ...reasonOf(
          before
            ? message('plan.whyRested', {
                rank: c.rank,
                last: DateTime.fromJSDate(before, { zone: c.timeZone }).toISODate()!,
                weeks: input.coolDownWeeks,
              })
            : message('plan.whyFirst', { rank: c.rank }),
        ),
      });
    }
  }
  return proposals;
}
