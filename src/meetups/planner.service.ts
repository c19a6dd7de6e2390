import { HttpException, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { refusalsOf } from '../common/form-check';
import { errorText, Message, message } from '../common/strings';
import { CitiesService } from '../cities/cities.service';
import { cityNames } from '../cities/city-display';
import { RankedCity } from '../cities/city-ranking';
import { CityRankingService } from '../cities/city-ranking.service';
import { Environment } from '../config/environment';
import { AcceptPlanDto, PlanQueryDto } from './dto/planner.dto';
import { MeetupsRepository } from './meetups.repository';
import { MeetupsService, MeetupView } from './meetups.service';
import { planMeetups, ProposedMeetup } from './planner';

/** Accepted meetups last three hours unless staff edit them. */
const DEFAULT_HOURS = 3;

/** Every two weeks, one city, six cycles ahead, Saturday 19:00 city time. */
export const PLAN_DEFAULTS = { cycleDays: 14, perCycle: 1, cycles: 6, weekday: 6, localTime: '19:00' } as const;

/** Days from today to the first cycle when staff choose no start date: time to announce and invite. */
export const PLAN_LEAD_DAYS = 14;

export type PlanParameters = Required<Omit<PlanQueryDto, 'skipCycles'>> & { skipCycles: number[] };

@Injectable()
export class PlannerService {
  constructor(
    private readonly ranking: CityRankingService,
    private readonly meetups: MeetupsService,
    private readonly repository: MeetupsRepository,
    private readonly cities: CitiesService,
    private readonly env: Environment,
  ) {}

  /** The query with the defaults filled in. */
  parameters(q: PlanQueryDto): PlanParameters {
    return {
      startDate: q.startDate,
      cycleDays: q.cycleDays ?? PLAN_DEFAULTS.cycleDays,
      perCycle: q.perCycle ?? PLAN_DEFAULTS.perCycle,
      cycles: q.cycles ?? PLAN_DEFAULTS.cycles,
      weekday: q.weekday ?? PLAN_DEFAULTS.weekday,
      localTime: q.localTime ?? PLAN_DEFAULTS.localTime,
      skipCycles: [...new Set(q.skipCycles ?? [])].sort((a, b) => a - b),
    };
  }

  /** A proposal around what staff already accepted (every non-cancelled meetup from the start date is fixed). */
  async propose(q: PlanQueryDto): Promise<ProposedMeetup[]> {
    const p = this.parameters(q);
    const ranked = await this.ranking.ranking('members');
    const fixed = await this.repository.fixedFrom(DateTime.fromISO(p.startDate, { zone: 'utc' }).toJSDate());
    return planMeetups({
      // Cities in cool-down now may be free later in the horizon: they queue after the eligible ones.
      cities: ranked.map((c, i) => ({
        id: c.id,
        name: c.name,
        nameZh: c.nameZh,
        timeZone: c.timeZone,
        rank: i + 1,
        lastMeetupAt: c.lastMeetupAt,
      })),
      fixed,
      ...p,
      coolDownWeeks: this.env.COOL_DOWN_WEEKS,
    });
  }

  /** Meetups already in the proposal's period, which the proposal works around. */
  async planned(q: PlanQueryDto): Promise<MeetupView[]> {
    const p = this.parameters(q);
    const from = DateTime.fromISO(p.startDate, { zone: 'utc' });
    // A day of margin either side: a city east or west of UTC starts its local day earlier or later.
    return this.meetups.between(
      from.minus({ days: 1 }).toJSDate(),
      from.plus({ days: p.cycles * p.cycleDays + 1 }).toJSDate(),
    );
  }

  /** Cities staff may swap into a row: the ranking's eligible cities, best first. */
  async swapChoices(limit = 100): Promise<RankedCity[]> {
    return (await this.ranking.ranking('members')).filter((c) => c.eligible).slice(0, limit);
  }

  /**
   * Turns accepted proposals (possibly with a swapped city or moved date) into
   * meetups with status draft: staff still add venue and deadline before
   * scheduling them. All or nothing: one clash (overlap → 409) or bad row
   * (400) stores none of them, and the message names the row.
   */
  async accept(plan: AcceptPlanDto): Promise<MeetupView[]> {
    return this.repository.transaction(async (manager) => {
      const created: MeetupView[] = [];
      for (const m of plan.meetups) {
        const city = await this.cities.find(m.cityId);
        const start = DateTime.fromISO(m.startsLocal);
        try {
          created.push(
            await this.meetups.create(
              {
                cityId: m.cityId,
                title: m.title ?? `Meetup in ${city?.name ?? 'city'}`,
                startsAt: m.startsLocal,
                endsAt: start.plus({ hours: DEFAULT_HOURS }).toFormat("yyyy-MM-dd'T'HH:mm"),
              },
              'draft',
              manager,
            ),
          );
        } catch (error) {
          const row = message('plannerRow', {
            city: city ? cityNames(city) : message('cityNumbered', { id: String(m.cityId) }),
            start: m.startsLocal.replace('T', ' '),
          });
          throw named(error, row);
        }
      }
      return created;
    });
  }
}

/** The same HTTP error with the row it is about in front of its message (in the viewer's language on a page). */
function named(error: unknown, row: Message): unknown {
  if (!(error instanceof HttpException)) return error;
  const refusals = refusalsOf(error);
  return new HttpException(
    errorText('plannerRowRefused', {
      row,
      reason: refusals.length === 1 ? refusals[0].shown : refusals.map((r) => r.english).join('; '),
    }),
    error.getStatus(),
  );
}
