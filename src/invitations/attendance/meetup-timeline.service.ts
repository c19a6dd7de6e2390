import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Environment } from '../../config/environment';
import { JobsService } from '../../jobs/jobs.service';
import { DELIVERY_QUEUE, MailOutboxService } from '../../mail/mail-outbox.service';
import { AttendeeMail } from '../core/attendee-mail';
import { forEachDueMeetup } from '../../meetups/meetup-lock';
import { changeMeetupStatus } from '../../meetups/meetup-status-change';
import { MeetupTimelineRepository } from '../core/meetup-timeline.repository';
import {
  attendanceDue,
  ATTENDANCE_HOURS_AFTER_END,
  deadlinePassed,
  reminderDue,
  reminderHorizon,
  rsvpDeadlineOf,
} from '../core/meetup-timeline';

/**
 * What happens to a meetup's invitations as time passes: the RSVP deadline,
 * the reminder, the attendance record. The minute tick calls each method.
 *
 * Each is safe to run anywhere, any number of times, on several instances at
 * once: a cheap unlocked query finds candidate meetups, then each meetup is
 * handled in its own transaction under its row lock, where the condition is
 * checked again (another instance may have just done it) and the work and its
 * "done" mark (status, reminded_at, attendance_recorded_at) commit together.
 */
@Injectable()
export class MeetupTimelineService {
  private readonly logger = new Logger('Invitations');

  constructor(
    private readonly dataSource: DataSource,
    private readonly timeline: MeetupTimelineRepository,
    private readonly mail: AttendeeMail,
    private readonly outbox: MailOutboxService,
    private readonly jobs: JobsService,
    private readonly env: Environment,
  ) {}

  /**
   * At the RSVP deadline pending invitations expire and an inviting meetup
   * closes; from then on answers follow rsvp-rules.ts (decline and seat offers
   * only). No email: a member who never answered is not written to again for
   * this meetup, and their link says "expired" if they open it.
   * Returns the number of invitations expired.
   */
  async expirePendingAtDeadline(now = new Date()): Promise<number> {
    const expired = await forEachDueMeetup(
      this.dataSource,
      await this.timeline.pastDeadline(now),
      async (meetup, manager) => {
        if (!['inviting', 'closed', 'held'].includes(meetup.status) || !deadlinePassed(meetup, now)) return null;
        const n = await this.timeline.expirePending(manager, meetup.id, rsvpDeadlineOf(meetup));
        const wasInviting = meetup.status === 'inviting';
        if (wasInviting) await changeMeetupStatus(manager, meetup, 'closed');
        if (n || wasInviting) {
          this.logger.log(`Meetup ${meetup.id}: RSVP deadline passed, ${n} pending invitation(s) expired`);
        }
        return n;
      },
    );
    return expired.reduce((sum, n) => sum + n, 0);
  }

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

  /**
   * ATTENDANCE_HOURS_AFTER_END hours after the end (or at once when staff move
   * the meetup to `held`): accepted members who never checked in become
   * no-shows, members' attended / no-show counters grow (the invitee score
   * reads them), and the meetup is held. Once per meetup (attendance_recorded_at).
   * Returns the number of meetups recorded.
   */
  async recordAttendance(now = new Date()): Promise<number> {
    const endedBefore = new Date(now.getTime() - ATTENDANCE_HOURS_AFTER_END * 3_600_000);
    const recorded = await forEachDueMeetup(
      this.dataSource,
      await this.timeline.toRecord(endedBefore),
      async (meetup, manager) => {
        if (!attendanceDue(meetup, now)) return null;
        const { noShows, attended } = await this.timeline.recordAttendance(manager, meetup.id, now);
        // Held, unless staff already made it so; an inviting meetup whose deadline tick never ran closes first.
        if (meetup.status === 'inviting') await changeMeetupStatus(manager, meetup, 'closed');
        if (meetup.status === 'closed') await changeMeetupStatus(manager, meetup, 'held');
        this.logger.log(`Meetup ${meetup.id}: attendance recorded, ${attended} came, ${noShows} no-show(s)`);
        return true;
      },
    );
    return recorded.length;
  }
}
