import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Environment } from '../../config/environment';
import { JobsService } from '../../jobs/jobs.service';
import { DELIVERY_QUEUE, MailOutboxService } from '../../mail/mail-outbox.service';
import { forEachDueMeetup } from '../../meetups/meetup-lock';
import { AttendeeMail } from '../core/attendee-mail';
import { MeetupTimelineRepository } from '../core/meetup-timeline.repository';
import { reminderDue, reminderHorizon } from '../core/meetup-timeline';

/**
 * The reminder before a meetup, a step of the minute tick.
 *
 * Safe to run anywhere, any number of times, on several instances at once: a cheap unlocked query finds
 * candidate meetups, then each meetup is handled in its own transaction under its row lock
 * (forEachDueMeetup), where the condition is checked again and the work and its "done" mark commit together.
 */
@Injectable()
export class RemindersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly timeline: MeetupTimelineRepository,
    private readonly mail: AttendeeMail,
    private readonly outbox: MailOutboxService,
    private readonly jobs: JobsService,
    private readonly env: Environment,
  ) {}

  /**
   * REMINDER_DAYS_BEFORE days before the start, each accepted member gets a
   * reminder with their check-in code. Once per meetup (reminded_at, set in the
   * same transaction) and once per member (idempotency key). Members who accept
   * later already have their confirmation with the same code.
   * Returns the number of reminders queued.
   */
  async sendReminders(now = new Date()): Promise<number> {
    const horizon = reminderHorizon(now, this.env.REMINDER_DAYS_BEFORE);
    if (!horizon) return 0;
    const queued = await forEachDueMeetup(
      this.dataSource,
      await this.timeline.toRemind(now, horizon),
      async (meetup, manager) => {
        if (!reminderDue(meetup, now, this.env.REMINDER_DAYS_BEFORE)) return null;
        const accepted = await this.timeline.invitees(manager, meetup.id, ['accepted']);
        const mails = await Promise.all(accepted.map((invitee) => this.mail.reminder(invitee, meetup)));
        const ids = await this.outbox.enqueueMany(manager, mails);
        await this.timeline.markReminded(manager, meetup.id, now);
        return ids.length;
      },
    );
    const sent = queued.reduce((sum, n) => sum + n, 0);
    if (sent) this.jobs.notify(DELIVERY_QUEUE);
    return sent;
  }
}
