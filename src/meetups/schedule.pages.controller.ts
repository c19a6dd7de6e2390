import { Controller, Get, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DateTime } from 'luxon';
import { DEFAULT_TIME_ZONE } from '../cities/city.entity';
import { message } from '../common/strings';
import { MeetupsService } from './meetups.service';
import { PLAN_DEFAULTS } from './planner.service';
import { scheduleWeeks } from './schedule';

/** Six cycles: the planner's default horizon, three months. */
const CYCLES = PLAN_DEFAULTS.cycles;

/** The schedule: the coming cycles as a calendar, each meetup with its status, so staff see the rhythm. */
@ApiExcludeController()
@Controller('schedule')
export class SchedulePagesController {
  constructor(private readonly meetups: MeetupsService) {}

  @Get()
  @Render('meetups/schedule')
  async schedule() {
    const today = DateTime.now().setZone(DEFAULT_TIME_ZONE);
    const from = today.startOf('week');
    // A day of margin either side: a city east or west of Shanghai starts its local day earlier or later.
    const until = from.plus({ days: CYCLES * PLAN_DEFAULTS.cycleDays + 1 });
    const meetups = await this.meetups.between(from.minus({ days: 1 }).toJSDate(), until.toJSDate());
    const weeks = scheduleWeeks(
      today.toISODate()!,
      CYCLES,
      meetups.map((m) => ({ id: m.id, title: m.title, city: m.city, status: m.status, startsAt: m.startsAt })),
      PLAN_DEFAULTS.cycleDays,
    );
    const weekdays = Array.from({ length: 7 }, (_, i) => `weekday_${i + 1}`);
    return { title: message('schedule'), weeks, weekdays, count: meetups.length };
  }
}
