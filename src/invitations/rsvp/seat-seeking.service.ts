import { Injectable } from '@nestjs/common';
import { DELIVERY_QUEUE, MailOutboxService } from '../../mail/mail-outbox.service';
import { lockNotAvailable, MEETUP_LOCK_TIMEOUT, MeetupBusyException } from '../../meetups/meetup-lock';
import { InvitationMail } from '../core/invitation-mail';
import type { AnswerSnapshot } from '../core/invitations.repository';
import { AutomatedAnswerFlag, automatedDetail, scannerSigns } from './automated-answer';
import { answerWindow, rsvpOutcome, rsvpSituation } from './rsvp-rules';
import { SeatsRepository, SeekSeatCall, SeekSeatResult } from './seats.repository';

/**
 * The answer of a first wave — an accept that wants a seat — in one round trip under the meetup's lock
 * (the rsvp_seek_seat function): `prepare` decides from the unlocked snapshot and renders both possible
 * confirmations before any lock; `run` makes the one call, which checks under the lock that the snapshot
 * still holds. RsvpService falls back to its general path under the lock for anything else.
 */
@Injectable()
export class SeatSeekingService {
  constructor(
    private readonly seats: SeatsRepository,
    private readonly mail: InvitationMail,
    private readonly outbox: MailOutboxService,
  ) {}

  /**
   * The call for an accept that wants a seat and may have one (outcome and window from the snapshot), with
   * both confirmations rendered; null for any other answer. The bench's pgbench baseline makes these calls too.
   */
  prepare(
    snapshot: AnswerSnapshot,
    /** Who sent the answer (RequestMeta), for the invitation's log. */
    meta: object,
    now: Date,
  ): { call: SeekSeatCall; flags: AutomatedAnswerFlag[] } | null {
    const { invitation, meetup } = snapshot;
    if (
      rsvpOutcome(invitation, 'accept', now) !== 'seek-seat' ||
      !answerWindow(rsvpSituation(meetup, invitation), now).canAccept
    ) {
      return null;
    }
    const flags = scannerSigns(snapshot.log, 'accept', now);
    // The answer changes the member's calendar entry: the mails carry its next version. The event id is not
    // known yet: the function ends the idempotency key with it (`rsvp:<invitation>:<event>`, as changed()).
    const next = { ...invitation, calendarSequence: invitation.calendarSequence + 1 };
    const mails = this.mail.seekSeatConfirmations(next, meetup, '');
    const call: SeekSeatCall = {
      invitationId: invitation.id,
      meetupId: meetup.id,
      snapshot: snapshot.fingerprint,
      answeredAt: now,
      suspect: flags.length > 0,
      events: [
        { kind: 'accept', detail: { ...meta, outcome: 'seek-seat' } },
        ...(flags.length ? [{ kind: 'looks-automated', detail: automatedDetail(flags) }] : []),
      ],
      seatedMail: this.outbox.outboxRecord(mails.seated),
      waitlistedMail: this.outbox.outboxRecord(mails.waitlisted),
      queue: DELIVERY_QUEUE,
      lockTimeout: MEETUP_LOCK_TIMEOUT,
    };
    return { call, flags };
  }

  /** The one round trip; a lock wait past MEETUP_LOCK_TIMEOUT is 503 "try again", as for every meetup lock. */
  async run(call: SeekSeatCall): Promise<SeekSeatResult> {
    try {
      return await this.seats.seekSeatAtOnce(call);
    } catch (e) {
      if (lockNotAvailable(e)) throw new MeetupBusyException(call.meetupId);
      throw e;
    }
  }
}
