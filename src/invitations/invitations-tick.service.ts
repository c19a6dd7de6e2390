import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JobsService } from '../jobs/jobs.service';
import { MeetupTimelineService } from './meetup-timeline.service';
import { RsvpService } from './rsvp.service';

export const INVITATIONS_TICK = 'invitations-tick';

/**
 * The invitations' clock: one pg-boss job a minute (one for all instances: the
 * schedule lives in the database) runs the timed steps in order. Each step is
 * idempotent and safe on several instances, so a late, repeated or retried tick
 * does no harm; a step that fails is logged and the others still run.
 */
@Injectable()
export class InvitationsTickService implements OnModuleInit {
  private readonly logger = new Logger('Invitations');

  constructor(
    private readonly jobs: JobsService,
    private readonly rsvp: RsvpService,
    private readonly timeline: MeetupTimelineService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.createQueue(INVITATIONS_TICK, { retryLimit: 0, expireInSeconds: 600 });
    await this.jobs.schedule(INVITATIONS_TICK, '* * * * *');
    await this.jobs.work(INVITATIONS_TICK, { batchSize: 1 }, () => this.tick());
  }

  async tick(now = new Date()): Promise<void> {
    await this.step('expire offers', () => this.rsvp.expireOffers(now));
    await this.step('expire pending invitations at the deadline', () => this.timeline.expirePendingAtDeadline(now));
    await this.step('send reminders', () => this.timeline.sendReminders(now));
    await this.step('record attendance', () => this.timeline.recordAttendance(now));
  }

  private async step(name: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.error(`Tick: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
    }
  }
}
