import { Injectable, OnModuleInit } from '@nestjs/common';
import { message } from '../../common/strings';
import { DashboardTasks } from '../../dashboard-tasks/dashboard-tasks';
import { InvitationWavesRepository } from './invitation-waves.repository';

const DAY_MS = 86_400_000;
/** An RSVP deadline this close with seats free: time for one more wave. */
const DEADLINE_WITHIN_DAYS = 3;
/** A scheduled meetup this close without invitations: fans need time to plan the evening. */
const INVITE_WITHIN_DAYS = 21;

/** The invitations' dashboard tasks: seats free close to the RSVP deadline, a meetup nobody was invited to. */
@Injectable()
export class InvitationsDashboardTasks implements OnModuleInit {
  constructor(
    private readonly tasks: DashboardTasks,
    private readonly waves: InvitationWavesRepository,
  ) {}

  onModuleInit(): void {
    this.tasks.add(async (now) => {
      const rows = await this.waves.dashboardMeetups(
        now,
        new Date(now.getTime() + DEADLINE_WITHIN_DAYS * DAY_MS),
        new Date(now.getTime() + INVITE_WITHIN_DAYS * DAY_MS),
      );
      return rows.map((m) =>
        m.kind === 'seats-free'
          ? {
              text: message('task.seatsFree', { title: m.title, city: m.city, count: Number(m.free) }),
              href: `/meetups/${m.id}/invitations`,
              due: m.due,
            }
          : {
              text: message('task.invite', { title: m.title, city: m.city }),
              href: `/meetups/${m.id}/invitees`,
              due: m.due,
            },
      );
    });
  }
}
