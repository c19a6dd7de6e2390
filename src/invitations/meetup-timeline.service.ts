import { Injectable, Logger } from '@nestjs/common';
import { Environment } from '../config/environment';
import { JobsService } from '../jobs/jobs.service';
import { DELIVERY_QUEUE, MailOutboxService } from '../mail/mail-outbox.service';
import { AttendeeMail } from './attendee-mail';
import { InvitationsRepository } from './invitations.repository';
import { MeetupTimelineRepository } from './meetup-timeline.repository';
import {
  attendanceDue,
  ATTENDANCE_HOURS_AFTER_END,
  deadlinePassed,
  reminderDue,
  reminderHorizon,
  rsvpDeadlineOf,
} from './meetup-timeline';

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
    private readonly invitations: InvitationsRepository,
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
    let expired = 0;
    for (const meetupId of await this.timeline.pastDeadline(now)) {
      expired += await this.invitations.transaction(async (manager) => {
        const meetup = await this.invitations.lockMeetup(manager, meetupId);
        if (!meetup || !['inviting', 'closed', 'held'].includes(meetup.status) || !deadlinePassed(meetup, now))
          return 0;
        const n = await this.timeline.expirePending(manager, meetupId, rsvpDeadlineOf(meetup));
        await this.timeline.closeIfInviting(manager, meetupId);
        if (n || meetup.status === 'inviting') {
          this.logger.log(`Meetup ${meetupId}: RSVP deadline passed, ${n} pending invitation(s) expired`);
        }
        return n;
      });
    }
    return expired;
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
    let sent = 0;
    for (const meetupId of await this.timeline.toRemind(now, horizon)) {
      sent += await this.invitations.transaction(async (manager) => {
        const meetup = await this.invitations.lockMeetup(manager, meetupId);
        if (!meetup || !reminderDue(meetup, now, this.env.REMINDER_DAYS_BEFORE)) return 0;
        const accepted = await this.timeline.invitees(manager, meetupId, ['accepted']);
        const mails = await Promise.all(accepted.map((invitee) => this.mail.reminder(invitee, meetup)));
        const ids = await this.outbox.enqueueMany(manager, mails);
        await this.timeline.markReminded(manager, meetupId, now);
        return ids.length;
      });
    }
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
    let recorded = 0;
    const endedBefore = new Date(now.getTime() - ATTENDANCE_HOURS_AFTER_END * 3_600_000);
    for (const meetupId of await this.timeline.toRecord(endedBefore)) {
      const done = await this.invitations.transaction(async (manager) => {
        const meetup = await this.invitations.lockMeetup(manager, meetupId);
        if (!meetup || !attendanceDue(meetup, now)) return false;
        const { noShows, attended } = await this.timeline.recordAttendance(manager, meetupId, now);
        this.logger.log(`Meetup ${meetupId}: attendance recorded, ${attended} came, ${noShows} no-show(s)`);
        return true;
      });
      if (done) recorded++;
    }
    return recorded;
  }
}
