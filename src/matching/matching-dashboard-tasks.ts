import { Injectable, OnModuleInit } from '@nestjs/common';
import { message } from '../common/strings';
import { DashboardTasks } from '../dashboard-tasks/dashboard-tasks';
import { MatchingRepository } from './matching.repository';

/** Four weeks ahead: time to find an engineer who knows the area and can travel. */
const WITHIN_DAYS = 28;

/** The matching's dashboard task: attendees ask about areas no confirmed engineer of the meetup covers. */
@Injectable()
export class MatchingDashboardTasks implements OnModuleInit {
  constructor(
    private readonly tasks: DashboardTasks,
    private readonly matching: MatchingRepository,
  ) {}

  onModuleInit(): void {
    this.tasks.add(async (now) => {
      const rows = await this.matching.uncoveredAreas(now, new Date(now.getTime() + WITHIN_DAYS * 86_400_000));
      return rows.map((m) => ({
        text: message('task.uncoveredAreas', { title: m.title, city: m.city, count: m.areas }),
        href: `/meetups/${m.id}`,
        due: m.due,
      }));
    });
  }
}
