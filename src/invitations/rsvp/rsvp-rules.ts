import type { MeetupStatus } from '../../meetups/meetup-status';
import type { InvitationState } from '../core/invitation.entity';
import type { Invitation } from '../core/invitation.entity';
import type { Meetup } from '../../meetups/meetup.entity';

/**
 * What a member may answer, and what an answer does. Pure, so the whole table
 * is tested without a database; the service applies the outcome under the
 * meetup's row lock.
 *
 * Rules chosen where the issue is silent:
 * - Until the RSVP deadline every answer can be changed ("last answer wins").
 * - After the deadline nobody new may accept, but an accepted member may still
 *   say they cannot come (the seat goes to the waitlist), a waitlisted member
 *   may leave the line, and an open seat offer can be taken until it ends:
 *   those answers only ever help the meetup fill.
 * - Nothing can be answered once the meetup is cancelled, held or has started.
 * - An expired or cancelled invitation is final.
 */
export type RsvpAnswer = 'accept' | 'decline';

export type ClosedReason = 'cancelled' | 'over' | 'not-open' | 'deadline' | 'expired' | 'withdrawn';

export interface RsvpSituation {
  meetupStatus: MeetupStatus;
  startsAt: Date;
  /** The RSVP deadline, or the start when the meetup has none. */
  deadline: Date;
  state: InvitationState;
  /** When an open seat offer ends; null when there is none. */
  offerExpiresAt: Date | null;
}

/** The situation of one invitation of `meetup`, as the rules read it. */
export function rsvpSituation(
  meetup: Pick<Meetup, 'status' | 'startsAt' | 'rsvpDeadline'>,
  invitation: Pick<Invitation, 'state' | 'offerExpiresAt'>,
): RsvpSituation {
  return {
    meetupStatus: meetup.status,
    startsAt: meetup.startsAt,
    deadline: meetup.rsvpDeadline ?? meetup.startsAt,
    state: invitation.state,
    offerExpiresAt: invitation.offerExpiresAt,
  };
}

export interface AnswerWindow {
  canAccept: boolean;
  canDecline: boolean;
  /** Why answers are (partly) closed, for the page; null while everything is open. */
  closed: ClosedReason | null;
}

export function hasOpenOffer(s: Pick<RsvpSituation, 'state' | 'offerExpiresAt'>, now: Date): boolean {
  return s.state === 'waitlisted' && s.offerExpiresAt !== null && s.offerExpiresAt.getTime() > now.getTime();
}

/**
 * Whether every answer is open: the meetup is inviting and its RSVP deadline
 * (its start, without one) is ahead. Outside it only members already in play
 * may step back or take an offer they hold.
 */
export function answersOpen(s: Pick<RsvpSituation, 'meetupStatus' | 'deadline'>, now: Date): boolean {
  return s.meetupStatus === 'inviting' && now.getTime() < s.deadline.getTime();
}

export function answerWindow(s: RsvpSituation, now: Date): AnswerWindow {
  const none = (closed: ClosedReason): AnswerWindow => ({ canAccept: false, canDecline: false, closed });
  if (s.meetupStatus === 'cancelled') return none('cancelled');
  if (s.meetupStatus === 'held' || now.getTime() >= s.startsAt.getTime()) return none('over');
  if (s.meetupStatus !== 'inviting' && s.meetupStatus !== 'closed') return none('not-open');
  if (s.state === 'expired') return none('expired');
  if (s.state === 'cancelled') return none('withdrawn');
  if (answersOpen(s, now)) return { canAccept: true, canDecline: true, closed: null };
  return {
    canAccept: hasOpenOffer(s, now),
    canDecline: s.state === 'accepted' || s.state === 'waitlisted',
    closed: 'deadline',
  };
}

export type RsvpOutcome =
  /** Same answer as before: nothing changes. */
  | 'unchanged'
  /** Wants a seat: takes a free one, or joins the end of the waitlist. */
  | 'seek-seat'
  /** Takes the seat an offer holds. */
  | 'take-offer'
  /** Gives up a seat; it goes to the first in line. */
  | 'give-up-seat'
  /** Turns an offer down; the seat goes to the next in line. */
  | 'refuse-offer'
  | 'leave-waitlist'
  /** Declines an invitation not answered yet (or answers decline again after a change). */
  | 'decline';

export function rsvpOutcome(
  s: Pick<RsvpSituation, 'state' | 'offerExpiresAt'>,
  answer: RsvpAnswer,
  now: Date,
): RsvpOutcome {
  const offer = hasOpenOffer(s, now);
  if (answer === 'accept') {
    if (s.state === 'accepted') return 'unchanged';
    if (s.state === 'waitlisted') return offer ? 'take-offer' : 'unchanged';
    return 'seek-seat';
  }
  if (s.state === 'accepted') return 'give-up-seat';
  // An offer that ran out still holds its seat until the tick passes it on: refusing it passes it now.
  if (s.state === 'waitlisted') return s.offerExpiresAt !== null ? 'refuse-offer' : 'leave-waitlist';
  if (s.state === 'declined') return 'unchanged';
  return 'decline';
}
