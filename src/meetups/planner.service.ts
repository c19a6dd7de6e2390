import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { CityRankingService } from '../cities/city-ranking.service';
import { Environment } from '../config/environment';
import { AcceptPlanDto, PlanQueryDto } from './dto/planner.dto';
import { MeetupsRepository } from './meetups.repository';
import { MeetupsService, MeetupView } from './meetups.service';
import { planMeetups, ProposedMeetup } from './planner';

/** Accepted meetups last three hours unless staff edit them. */
const DEFAULT_HOURS = 3;

@Injectable()
export class PlannerService {
  constructor(
    private readonly ranking: CityRankingService,
    private readonly meetups: MeetupsService,
    private readonly repository: MeetupsRepository,
    private readonly env: Environment,
  ) {}

  /** A proposal around what staff already accepted (every non-cancelled meetup from the start date is fixed). */
  async propose(q: PlanQueryDto): Promise<ProposedMeetup[]> {
    const ranked = await this.ranking.ranking('members');
    const fixed = await this.repository.fixedFrom(DateTime.fromISO(q.startDate, { zone: 'utc' }).toJSDate());
    return planMeetups({
      // Cities in cool-down now may be free later in the horizon: they queue after the eligible ones.
      cities: ranked.map((c, i) => ({
        id: c.id,
        name: c.name,
        timeZone: c.timeZone,
        rank: i + 1,
        lastMeetupAt: c.lastMeetupAt,
      })),
      fixed,
      startDate: q.startDate,
      cycleDays: q.cycleDays ?? 14,
      perCycle: q.perCycle ?? 1,
      cycles: q.cycles ?? 6,
      weekday: q.weekday ?? 6,
      localTime: q.localTime ?? '19:00',
      coolDownWeeks: this.env.COOL_DOWN_WEEKS,
      skipCycles: q.skipCycles,
    });
  }

  /**
   * Turns accepted proposals (possibly with a swapped city or moved date) into
   * meetups with status draft: staff still add venue and deadline before
   * scheduling them. Each is checked like a hand-made meetup (overlap → 409).
   */
  async accept(plan: AcceptPlanDto): Promise<MeetupView[]> {
    const created: MeetupView[] = [];
    for (const m of plan.meetups) {
      const start = DateTime.fromISO(m.startsLocal);
      created.push(
        await this.meetups.create({
          cityId: m.cityId,
          title: m.title ?? 'Meetup',
          startsAt: m.startsLocal,
          endsAt: start.plus({ hours: DEFAULT_HOURS }).toFormat("yyyy-MM-dd'T'HH:mm"),
        }),
      );
    }
    return created;
  }
}
