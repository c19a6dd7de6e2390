import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { lockMeetup } from '../../meetups/meetup-lock';
import { EntityManager } from 'typeorm';
import { MailOutboxService, MailRequest } from '../../mail/mail-outbox.service';
import { MeetupEvents } from '../../meetups/meetup-events';
import type { Meetup } from '../../meetups/meetup.entity';
import { AttendeeMail } from '../core/attendee-mail';
import { changedFacts } from '../core/meetup-changes';
import { MeetupTimelineRepository } from '../core/meetup-timeline.repository';
import { RsvpService } from './rsvp.service';
import { SeatsRepository } from './seats.repository';

/**
 * What a meetup's invitees hear when staff cancel it, move it or raise its
 * capacity. All run inside the meetups module's transaction (MeetupEvents),
 * under the meetup's row lock, so the invitations, the seat count and the
 * emails change with the meetup or not at all. The delivery worker picks the emails up at its next
 * poll (a second): a wake-up from inside the transaction would come too early.
 */
@Injectable()
export class MeetupChangesService implements OnModuleInit {
  private readonly logger = new Logger('Invitations');

  constructor(
    private readonly events: MeetupEvents,
    private readonly seats: SeatsRepository,
    private readonly timeline: MeetupTimelineRepository,
    private readonly mail: AttendeeMail,
    private readonly outbox: MailOutboxService,
    private readonly rsvp: RsvpService,
  ) {}

  onModuleInit(): void {
    this.events.onCancelled(async (meetup, manager) => void (await this.cancelled(meetup.id, manager)));
    this.events.onChanged(async (before, after, manager) => void (await this.changed(before, after, manager)));
    this.events.onChanged(async (before, after, manager) => void (await this.capacityRaised(before, after, manager)));
  }

  /**
   * Every pending, accepted or waitlisted invitation (open offers too) is
   * cancelled, the seats and offers end, and each of those members gets an
   * email with a CANCEL .ics. Declined and expired members hear nothing:
   * they are not coming anyway.
   */
  async cancelled(meetupId: number, manager: EntityManager): Promise<number> {
    // Locked again (the caller holds it already) to read the meetup with its city for the emails.
    await this.timeline.bumpCalendarSequence(manager, meetupId);
    const meetup = (await lockMeetup(manager, meetupId))!;
    const ended = await this.timeline.cancelInvitations(manager, meetupId);
    await this.seats.releaseAllSeats(manager, meetupId);
    await this.outbox.enqueueMany(
      manager,
      ended.map((invitee) => this.mail.cancelled(invitee, meetup, invitee.was)),
    );
    if (ended.length) this.logger.log(`Meetup ${meetupId} cancelled: ${ended.length} invitation(s) cancelled`);
    return ended.length;
  }

  /**
   * A new time or place: the .ics SEQUENCE grows and everyone still in play
   * (accepted, waitlisted, and pending — their invitation's .ics and facts are
   * now wrong too) gets an update with the new REQUEST. Other edits send nothing.
   */
  async changed(before: Meetup, after: Meetup, manager: EntityManager): Promise<number> {
    const facts = changedFacts(before, after);
    if (facts.length === 0) return 0;
    after.calendarSequence = await this.timeline.bumpCalendarSequence(manager, after.id);
    const invitees = await this.timeline.invitees(manager, after.id, ['accepted', 'waitlisted', 'pending']);
    const mails = await Promise.all(invitees.map((invitee) => this.mail.updated(invitee, before, after, facts)));
    await this.outbox.enqueueMany(manager, mails);
    if (invitees.length) {
      this.logger.log(`Meetup ${after.id}: ${facts.join(', ')} changed, ${invitees.length} invitee(s) told`);
    }
    return invitees.length;
  }

  /**
   * A higher capacityMax while members wait in line: each free seat goes to
   * the next in line as an offer by email, as a decline's seat does, and by
   * the same rule — also after the RSVP deadline (the members in line still
   * want to come; see offer-window.ts), until the meetup is too close to
   * start. A lower capacity changes nothing for the line.
   */
  async capacityRaised(before: Meetup, after: Meetup, manager: EntityManager, now = new Date()): Promise<number> {
    if (after.capacityMax <= before.capacityMax) return 0;
    // Only these meetups can have a line; a draft or scheduled one has no answers, a held or cancelled one no seats.
    if (after.status !== 'inviting' && after.status !== 'closed') return 0;
    // Read again under the lock the edit holds: the seats taken now, and the .ics SEQUENCE a move just raised.
    const meetup = (await lockMeetup(manager, after.id))!;
    const mails: MailRequest[] = [];
    const offered = await this.rsvp.offerFreeSeats(manager, meetup, now, mails);
    await this.outbox.enqueueMany(manager, mails);
    if (offered) {
      this.logger.log(
        `Meetup ${after.id}: capacity ${before.capacityMax} → ${after.capacityMax}, ${offered} seat(s) offered`,
      );
    }
    return offered;
  }
}
