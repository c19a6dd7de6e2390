import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { TickSteps } from '../invitations/core/tick-steps';
import { Environment } from '../config/environment';
import { JobsService } from '../jobs/jobs.service';
import { DELIVERY_QUEUE, MailOutboxService } from '../mail/mail-outbox.service';
import { FeedbackMail } from './feedback-mail';
import { forEachDueMeetup } from '../meetups/meetup-lock';
import type { Meetup } from '../meetups/meetup.entity';
import { FeedbackRequestsRepository, MeetupSummary } from './feedback-requests.repository';
import { reminderWindow, requestWindow } from './feedback-rules';
import { hashFeedbackToken, feedbackToken, newFeedbackNonce } from './feedback-token';

/**
 * The feedback step of the minute tick. FEEDBACK_DELAY_HOURS after a meetup ends, every attendee who
 * checked in (and has not unsubscribed) gets a request with a personal link; REMINDER_AFTER_DAYS
 * later those who have not answered get one reminder; nothing goes out OPEN_DAYS after the meetup.
 * No-shows never checked in, so they are never asked.
 *
 * Safe on several instances at once and any number of times: each meetup's work runs under its lock
 * (forEachDueMeetup), the request row (one per invitation, ON CONFLICT DO NOTHING) and the reminder mark
 * (a conditional UPDATE) commit with their emails, and the emails' idempotency keys name the request.
 */
@Injectable()
export class FeedbackRequestsService implements OnModuleInit {
  private readonly logger = new Logger('Feedback');

  constructor(
    private readonly repository: FeedbackRequestsRepository,
    private readonly mail: FeedbackMail,
    private readonly outbox: MailOutboxService,
    private readonly jobs: JobsService,
    private readonly env: Environment,
    private readonly tickSteps: TickSteps,
  ) {}

  onModuleInit(): void {
    this.tickSteps.add({ name: 'feedback requests and reminders', run: (now) => this.sendDue(now) });
  }

  /** The tick's step: requests first, so a reminder is never due in the same minute as its request. */
  async sendDue(now = new Date()): Promise<{ requested: number; reminded: number }> {
    const requested = await this.sendRequests(now);
    const reminded = await this.sendReminders(now);
    if (requested + reminded > 0) this.jobs.notify(DELIVERY_QUEUE);
    return { requested, reminded };
  }

  /** Requests to the checked-in attendees of meetups that ended FEEDBACK_DELAY_HOURS ago. Returns how many. */
  async sendRequests(now = new Date()): Promise<number> {
    const { endedAfter, endedBy } = requestWindow(now, this.env.FEEDBACK_DELAY_HOURS);
    const due = await this.repository.dueMeetups(endedAfter, endedBy);
    const sent = await forEachDueMeetup(this.repository.dataSource, due, async (meetup, manager) => {
      const attendees = await this.repository.unasked(manager, meetup.id);
      if (attendees.length === 0) return null;
      const nonces = new Map(attendees.map((a) => [a.invitationId, newFeedbackNonce()]));
      const made = await this.repository.insertRequests(
        manager,
        meetup.id,
        attendees.map((a) => {
          const tokenNonce = nonces.get(a.invitationId)!;
          return { invitationId: a.invitationId, tokenNonce, tokenHash: this.hash(tokenNonce) };
        }),
        now,
      );
      const mails = attendees
        .filter((a) => made.has(a.invitationId))
        .map((a) => this.mail.request(made.get(a.invitationId)!, a, summary(meetup), nonces.get(a.invitationId)!, now));
      await this.outbox.enqueueMany(manager, mails);
      this.logger.log(`Meetup ${meetup.id}: ${mails.length} feedback request(s) sent`);
      return mails.length;
    });
    return sent.reduce((a, b) => a + b, 0);
  }

  /** The one reminder, to those who have not answered. Returns how many. */
  async sendReminders(now = new Date()): Promise<number> {
    const { sentAfter, sentBy } = reminderWindow(now);
    const due = await this.repository.remindersDue(sentAfter, sentBy);
    const sent = await forEachDueMeetup(this.repository.dataSource, due, async (meetup, manager) => {
      const rows = await this.repository.markReminded(manager, meetup.id, sentAfter, sentBy, now);
      if (rows.length === 0) return null;
      await this.outbox.enqueueMany(
        manager,
        rows.map((r) => this.mail.reminder(r.requestId, r, summary(meetup), r.tokenNonce, r.sentAt)),
      );
      this.logger.log(`Meetup ${meetup.id}: ${rows.length} feedback reminder(s) sent`);
      return rows.length;
    });
    return sent.reduce((a, b) => a + b, 0);
  }

  private hash(nonce: Buffer): Buffer {
    return hashFeedbackToken(feedbackToken(this.env.APP_SECRET!, nonce));
  }
}

/** The meetup as the feedback emails tell it, from the locked row (its city read with it). */
function summary(meetup: Meetup): MeetupSummary {
  return {
    id: meetup.id,
    title: meetup.title,
    city: meetup.city!.name,
    timeZone: meetup.city!.timeZone,
    startsAt: meetup.startsAt,
  };
}
