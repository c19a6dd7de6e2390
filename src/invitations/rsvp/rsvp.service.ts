import { GoneException, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Environment } from '../../config/environment';
import { DELIVERY_QUEUE, MailOutboxService, MailRequest } from '../../mail/mail-outbox.service';
import { JobsService } from '../../jobs/jobs.service';
import { forEachDueMeetup, lockMeetup } from '../../meetups/meetup-lock';
import type { Meetup } from '../../meetups/meetup.entity';
import { AutomatedAnswerFlag, automatedDetail, scannerSigns } from './automated-answer';
import { InvitationMail, localTime, meetupFacts, MeetupFacts, RsvpChange } from '../core/invitation-mail';
import { AnswerSnapshot, InvitationPatch, InvitationRow, InvitationsRepository } from '../core/invitations.repository';
import { SeatsRepository } from './seats.repository';
import { SeatSeekingService } from './seat-seeking.service';
import { RsvpLinkNotValidException } from '../core/rsvp-link-not-valid.exception';
import { DEFAULT_OFFER_WINDOW, offerWindow } from './offer-window';
import { answerWindow, AnswerWindow, RsvpAnswer, rsvpOutcome, RsvpOutcome, rsvpSituation } from './rsvp-rules';
import { hashRsvpToken, looksLikeRsvpToken } from '../core/rsvp-token';
import type { InvitationState } from '../core/invitation.entity';
import type { Locale } from '../../common/locale';

/** Who sent a request, for the invitation's log. */
export interface RequestMeta {
  ip?: string;
  userAgent?: string;
}

/** What the member's RSVP page shows. */
export interface RsvpView {
  invitationId: string;
  meetupId: number;
  name: string;
  locale: Locale;
  state: InvitationState;
  meetup: MeetupFacts;
  meetupStatus: Meetup['status'];
  /** Place in the waitlist (1 = next), when waiting without an offer. */
  position: number | null;
  /** When an open seat offer ends, in the city's words and zone. */
  offerExpires: string | null;
  window: AnswerWindow;
}

export interface RsvpResult {
  view: RsvpView;
  /** What the answer changed; null when it changed nothing. */
  change: RsvpChange | null;
}

const CHANGE: Partial<Record<RsvpOutcome, RsvpChange>> = {
  'take-offer': 'offer-accepted',
  'give-up-seat': 'declined',
  'refuse-offer': 'offer-declined',
  'leave-waitlist': 'left-waitlist',
  decline: 'declined',
};

/**
 * Members' answers from the email link. Each answer is one transaction under
 * the meetup's row lock: the seat count, the waitlist, the next offer and the
 * emails they cause commit together or not at all.
 */
@Injectable()
export class RsvpService {
  private readonly logger = new Logger('RSVP');

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: InvitationsRepository,
    private readonly seats: SeatsRepository,
    private readonly seatSeeking: SeatSeekingService,
    private readonly mail: InvitationMail,
    private readonly outbox: MailOutboxService,
    private readonly jobs: JobsService,
    private readonly env: Environment,
  ) {}

  /**
   * The page behind the link. Changes nothing about the invitation: it only
   * logs that the link was opened (and how), which the scanner check reads.
   */
  async show(token: string, method: 'GET' | 'HEAD', meta: RequestMeta, now = new Date()): Promise<RsvpView> {
    const invitation = await this.find(token);
    await this.repository.logEvent(this.repository.manager, invitation.id, method === 'HEAD' ? 'head' : 'view', {
      ...meta,
    });
    const view = await this.view(invitation, now);
    if (invitation.state === 'expired') throw new RsvpGoneException(view);
    return view;
  }

  /** The same page without logging a view: to show it again after a refused form (a POST, not a visit). */
  async current(token: string, now = new Date()): Promise<RsvpView> {
    const invitation = await this.find(token);
    const view = await this.view(invitation, now);
    if (invitation.state === 'expired') throw new RsvpGoneException(view);
    return view;
  }

  async answer(token: string, answer: RsvpAnswer, meta: RequestMeta, now = new Date()): Promise<RsvpResult> {
    if (!looksLikeRsvpToken(token)) throw new RsvpLinkNotValidException();
    // Read before any lock: a bad link costs one indexed read and never waits for a lock.
    const snapshot = await this.repository.answerSnapshot(hashRsvpToken(token));
    if (!snapshot) throw new RsvpLinkNotValidException();
    const result =
      (answer === 'accept' ? await this.seekSeatAtOnce(snapshot, meta, now) : null) ??
      (await this.answerUnderLock(snapshot.invitation, answer, meta, now));
    if (result.change) this.jobs.notify(DELIVERY_QUEUE);
    return result;
  }

  /**
   * The answer of a first wave — an accept that wants a seat — in one round trip under the meetup's lock
   * (rsvp_seek_seat): the outcome and the window are decided here from the unlocked snapshot, both possible
   * confirmations are rendered before the lock, and the function checks under the lock that the snapshot
   * still holds. Null when the outcome is another one, or when the rows changed meanwhile (nothing written):
   * the general path then decides under the lock as before.
   */
  private async seekSeatAtOnce(snapshot: AnswerSnapshot, meta: RequestMeta, now: Date): Promise<RsvpResult | null> {
    const prepared = this.seatSeeking.prepare(snapshot, meta, now);
    if (!prepared) return null;
    const { invitation, meetup } = snapshot;
    const { call, flags } = prepared;
    const done = await this.seatSeeking.run(call);
    if (done.outcome === 'stale') return null;
    if (flags.length) this.logAutomated(invitation.id, meetup.id, flags);
    const patch: InvitationPatch = done.seated
      ? { state: 'accepted', answeredAt: now, gaveUpSeatAt: null }
      : { state: 'waitlisted', answeredAt: now, waitlistSeq: done.waitlistSeq };
    const after: InvitationRow = {
      ...invitation,
      ...patch,
      ...(flags.length ? { suspect: true } : {}),
      calendarSequence: done.calendarSequence!,
    };
    return { view: this.viewOf(after, meetup, now, done.position), change: done.seated ? 'accepted' : 'waitlisted' };
  }

  /** Any answer, decided and applied under the meetup's lock, a few round trips. */
  private async answerUnderLock(
    ids: { id: string; meetupId: number },
    answer: RsvpAnswer,
    meta: RequestMeta,
    now: Date,
  ): Promise<RsvpResult> {
    return this.repository.transaction(async (manager) => {
      // The member's own history needs no lock: read it before queueing for the meetup's.
      const log = await this.repository.answerLog(ids.id, manager);
      const meetup = (await lockMeetup(manager, ids.meetupId))!;
      const invitation = (await this.repository.lockInvitation(manager, ids.id))!;
      const window = answerWindow(rsvpSituation(meetup, invitation), now);
      const outcome = rsvpOutcome(invitation, answer, now);
      if (outcome !== 'unchanged' && !(answer === 'accept' ? window.canAccept : window.canDecline)) {
        throw new RsvpGoneException(await this.view(invitation, now, meetup, manager));
      }
      const flags = outcome === 'unchanged' ? [] : scannerSigns(log, answer, now);
      if (flags.length) this.logAutomated(invitation.id, meetup.id, flags);
      const mails: MailRequest[] = [];
      // One after the other: queries sent side by side on one connection are deprecated by pg (gone in pg 9).
      const [eventId] = await this.repository.logEvents(manager, invitation.id, [
        { kind: answer, detail: { ...meta, outcome } },
        ...(flags.length ? [{ kind: 'looks-automated', detail: automatedDetail(flags) }] : []),
      ]);
      const applied = await this.apply(manager, meetup, invitation, outcome, now, mails, flags.length > 0);
      // Any change may send a new version of the member's calendar entry: its SEQUENCE must grow.
      const calendarSequence =
        outcome === 'unchanged' ? null : await this.repository.nextCalendarVersion(manager, invitation.id);
      if (!applied) return { view: await this.view(invitation, now, meetup, manager), change: null };
      const after: InvitationRow = {
        ...invitation,
        ...applied.patch,
        calendarSequence: calendarSequence ?? invitation.calendarSequence,
      };
      const position =
        applied.position !== undefined
          ? applied.position
          : after.waitlistSeq
            ? await this.repository.waitlistPosition(meetup.id, after.waitlistSeq, manager)
            : null;
      mails.unshift(this.mail.changed(after, meetup, applied.change, eventId, position));
      await this.outbox.enqueueMany(manager, mails);
      return { view: this.viewOf(after, meetup, now, position), change: applied.change };
    });
  }

  private logAutomated(invitationId: string, meetupId: number, flags: AutomatedAnswerFlag[]): void {
    this.logger.log(
      `Invitation ${invitationId} (meetup ${meetupId}): the answer looks automated (${flags.map((f) => f.sign).join(', ')})`,
    );
  }

  /**
   * Gives up the seats of offers that ran out: each offered member's
   * invitation expires and the seat goes to the next in line. Run by the
   * minute tick; safe to run anywhere at any time.
   */
  async expireOffers(now = new Date()): Promise<number> {
    const due = await this.seats.dueOffers(now, 500);
    const expired = await forEachDueMeetup(this.dataSource, due, async (meetup, manager, { id }) => {
      const invitation = await this.repository.lockInvitation(manager, id);
      // Someone may have answered since the SELECT: only an offer still running out is expired.
      if (!invitation || !invitation.offerExpiresAt || invitation.offerExpiresAt > now) return null;
      await this.repository.update(manager, id, { state: 'expired', offerExpiresAt: null, waitlistSeq: null });
      await this.repository.logEvent(manager, id, 'offer-expired', { at: invitation.offerExpiresAt });
      const mails = [this.mail.offerExpired(invitation, meetup, invitation.offerExpiresAt)];
      await this.passSeat(manager, meetup, now, mails);
      await this.outbox.enqueueMany(manager, mails);
      return true;
    });
    if (expired.length) this.jobs.notify(DELIVERY_QUEUE);
    return expired.length;
  }

  /**
   * A seat became free (a decline, a refused or expired offer, a removal by
   * staff): offer it to the first member in line, or give it back to the
   * meetup. Call under the meetup's row lock.
   */
  async passSeat(manager: EntityManager, meetup: Meetup, now: Date, mails: MailRequest[]): Promise<void> {
    if (!(await this.offerToNext(manager, meetup, now, mails))) await this.seats.releaseSeat(manager, meetup.id);
  }

  /**
   * Seats the meetup has free (capacity_max − seats_taken, after staff raised
   * the capacity) go to the first members in line as offers, one seat each,
   * in order, as far as the line and the offer window reach. Each offer holds
   * its seat, so seats_taken grows by the offers made. Call under the meetup's
   * row lock, with `meetup` read under it. Returns the number of offers.
   */
  async offerFreeSeats(manager: EntityManager, meetup: Meetup, now: Date, mails: MailRequest[]): Promise<number> {
    let offered = 0;
    while (offered < meetup.capacityMax - meetup.seatsTaken && (await this.offerToNext(manager, meetup, now, mails))) {
      offered++;
    }
    if (offered) await this.seats.takeSeats(manager, meetup.id, offered);
    return offered;
  }

  /**
   * Offers a seat to the first member in line, by email, if anyone waits and
   * the meetup is not too close for an offer; true when an offer was made.
   * Changes no seat count: the caller's seat is the one offered.
   */
  private async offerToNext(manager: EntityManager, meetup: Meetup, now: Date, mails: MailRequest[]) {
    const next = await this.seats.firstWaiting(manager, meetup.id);
    const window = offerWindow(now, meetup.startsAt, {
      ...DEFAULT_OFFER_WINDOW,
      defaultHours: this.env.OFFER_WINDOW_HOURS,
    });
    if (!next || !window.offer) return false;
    const place = await this.seats.placeInLine(manager, meetup.id, next.waitlistSeq!);
    await this.repository.update(manager, next.id, { offerExpiresAt: window.expiresAt });
    await this.repository.logEvent(manager, next.id, 'offer', { expiresAt: window.expiresAt });
    mails.push(this.mail.offer(next, meetup, window.expiresAt, place));
    return true;
  }

  /** Carries out an outcome under the meetup's lock; returns what changed, or null for nothing. */
  private async apply(
    manager: EntityManager,
    meetup: Meetup,
    invitation: InvitationRow,
    outcome: RsvpOutcome,
    now: Date,
    mails: MailRequest[],
    suspect: boolean,
  ): Promise<{ change: RsvpChange; patch: InvitationPatch; position?: number | null } | null> {
    const save = async (change: RsvpChange, patch: InvitationPatch) => {
      const full = suspect ? { ...patch, suspect: true } : patch;
      await this.repository.update(manager, invitation.id, full);
      return { change, patch: full };
    };
    switch (outcome) {
      case 'unchanged':
        return null;
      case 'seek-seat': {
        // One statement takes a seat only if one is free and nobody waits for it, else a place in line,
        // and writes the answer: the same patch as below, without three more round trips under the lock.
        const seat = await this.seats.seekSeat(manager, meetup.id, invitation.id, now, suspect);
        const patch: InvitationPatch = seat.seated
          ? { state: 'accepted', answeredAt: now, gaveUpSeatAt: null }
          : { state: 'waitlisted', answeredAt: now, waitlistSeq: seat.waitlistSeq };
        return {
          change: seat.seated ? 'accepted' : 'waitlisted',
          patch: suspect ? { ...patch, suspect } : patch,
          position: seat.position,
        };
      }
      case 'take-offer':
        return save('offer-accepted', { state: 'accepted', answeredAt: now, offerExpiresAt: null, waitlistSeq: null });
      case 'give-up-seat':
      case 'refuse-offer': {
        const saved = await save(CHANGE[outcome]!, {
          state: 'declined',
          answeredAt: now,
          offerExpiresAt: null,
          waitlistSeq: null,
          // Check-in opens hours before the start: someone checked in who then says they can't stay is not attending.
          ...(outcome === 'give-up-seat' ? { gaveUpSeatAt: now, checkedInAt: null, checkedInBy: null } : {}),
        });
        // The member is out of the line now, so the seat cannot come straight back to them.
        await this.passSeat(manager, meetup, now, mails);
        return saved;
      }
      case 'leave-waitlist':
      case 'decline':
        return save(CHANGE[outcome]!, { state: 'declined', answeredAt: now, waitlistSeq: null });
    }
  }

  private async find(token: string): Promise<InvitationRow> {
    if (!looksLikeRsvpToken(token)) throw new RsvpLinkNotValidException();
    const invitation = await this.repository.findByTokenHash(hashRsvpToken(token));
    if (!invitation) throw new RsvpLinkNotValidException();
    return invitation;
  }

  private async view(
    invitation: InvitationRow,
    now: Date,
    meetup?: Meetup,
    manager?: EntityManager,
  ): Promise<RsvpView> {
    const found = meetup ?? (await this.repository.meetupWithCity(invitation.meetupId, manager))!;
    const position =
      invitation.waitlistSeq && !invitation.offerExpiresAt
        ? await this.repository.waitlistPosition(found.id, invitation.waitlistSeq, manager)
        : null;
    return this.viewOf(invitation, found, now, position);
  }

  private viewOf(invitation: InvitationRow, meetup: Meetup, now: Date, position: number | null): RsvpView {
    const locale = invitation.memberLocale;
    return {
      invitationId: invitation.id,
      meetupId: meetup.id,
      name: invitation.memberName,
      locale,
      state: invitation.state,
      meetup: meetupFacts(meetup, locale),
      meetupStatus: meetup.status,
      position: invitation.offerExpiresAt ? null : position,
      offerExpires: invitation.offerExpiresAt
        ? localTime(invitation.offerExpiresAt, meetup.city!.timeZone, locale)
        : null,
      window: answerWindow(rsvpSituation(meetup, invitation), now),
    };
  }
}

/** The invitation exists, but answers are closed (deadline, cancelled, expired): 410 with the page's facts. */
export class RsvpGoneException extends GoneException {
  constructor(readonly view: RsvpView) {
    super({
      statusCode: 410,
      error: 'Gone',
      message:
        view.window.closed === 'cancelled'
          ? 'This meetup was cancelled.'
          : view.window.closed === 'expired'
            ? 'This invitation has expired.'
            : view.window.closed === 'over'
              ? 'This meetup has already taken place.'
              : 'Answers for this meetup are closed.',
      state: view.state,
      closed: view.window.closed,
    });
  }
}
