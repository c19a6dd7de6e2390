import { Injectable, OnModuleInit } from '@nestjs/common';
import { message } from '../common/strings';
import { DashboardTasks } from '../dashboard-tasks/dashboard-tasks';
import { AnnouncementsRepository } from './announcements.repository';

/** Four weeks: an announcement needs time on the forum before invitations go out. */
const ANNOUNCE_WITHIN_DAYS = 28;

/** The meetups' dashboard task: a meetup coming up whose forum announcement is not published. */
@Injectable()
export class MeetupsDashboardTasks implements OnModuleInit {
  constructor(
    private readonly tasks: DashboardTasks,
    private readonly announcements: AnnouncementsRepository,
  ) {}

  onModuleInit(): void {
    this.tasks.add(async (now) => {
      const until = new Date(now.getTime() + ANNOUNCE_WITHIN_DAYS * 86_400_000);
      const rows = await this.announcements.unpublishedBefore(now, until);
      return rows.map((m) => ({
        text: message('task.announce', { title: m.title, city: m.city }),
        href: `/meetups/${m.id}/announcement`,
        due: m.startsAt,
      }));
    });
  }
}
