import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JobsService } from '../jobs/jobs.service';
import { InvitationWavesService } from './selection/invitation-waves.service';
import { LowTurnoutService } from './selection/low-turnout.service';
import { AttendanceRecordService } from './attendance/attendance-record.service';
import { RemindersService } from './attendance/reminders.service';
import { RsvpDeadlineService } from './rsvp/rsvp-deadline.service';
import { RsvpService } from './rsvp/rsvp.service';
import { TickSteps } from './core/tick-steps';

export const INVITATIONS_TICK_QUEUE = 'invitations-tick';

/**
 * The minute tick of invitations: one pg-boss job a minute (a cron schedule kept in PostgreSQL,
 * so several instances make one job), worked by whichever instance fetches it. Each step is a
 * method that is idempotent and safe to run twice at once; the tick is just their list, in order.
 * A failing step is logged and the next ones still run; the next minute tries it again.
 */
@Injectable()
export class InvitationsTickService implements OnModuleInit {
  private readonly logger = new Logger('InvitationsTick');

  constructor(
    private readonly jobs: JobsService,
    private readonly rsvp: RsvpService,
    private readonly waves: InvitationWavesService,
    private readonly lowTurnout: LowTurnoutService,
    private readonly deadline: RsvpDeadlineService,
    private readonly reminders: RemindersService,
    private readonly attendance: AttendanceRecordService,
    private readonly added: TickSteps,
  ) {}

  async onModuleInit(): Promise<void> {
    // No retries: the next minute's tick is the retry. Expires well before the tick after next.
    await this.jobs.createQueue(INVITATIONS_TICK_QUEUE, { retryLimit: 0, expireInSeconds: 110 });
    await this.jobs.schedule(INVITATIONS_TICK_QUEUE, '* * * * *');
    await this.jobs.work(INVITATIONS_TICK_QUEUE, { batchSize: 1 }, () => this.tick(new Date()));
  }

  async tick(now = new Date()): Promise<void> {
    // Offers expire before waves are sized, so a seat an offer gave back is counted free this minute.
    await this.step('expire offers', () => this.rsvp.expireOffers(now));
    await this.step('expire pending invitations at the deadline', () => this.deadline.expirePendingAtDeadline(now));
    await this.step('automatic waves', () => this.waves.sendAutomaticWaves(now));
    await this.step('low-turnout alerts', () => this.lowTurnout.alertLowTurnout(now));
    await this.step('reminders', () => this.reminders.sendReminders(now));
    await this.step('attendance', () => this.attendance.recordAttendance(now));
    for (const { name, run } of this.added.list()) await this.step(name, () => run(now));
  }

  private async step(name: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.logger.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
}
