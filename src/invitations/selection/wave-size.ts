import type { MeetupStatus } from '../../meetups/meetup-status';

/**
 * How many members the next invitation wave may invite, and why.
 *
 * - The first wave (no invitation yet) invites `firstWaveSize`, or the capacity maximum when
 *   staff did not choose a size: some will decline, the waitlist absorbs the rest.
 * - A later wave fills what declines and expiries left free: capacity − seats taken (accepted and
 *   open offers) − invitations still unanswered − members waiting in line. Those unanswered may
 *   still accept and those in line get the next freed seat, so inviting more would only lengthen
 *   the waitlist. Nothing goes out while anyone still waits in line: a freed seat is theirs.
 * - Nothing after the RSVP deadline (or the start, when there is no deadline), and only for a
 *   scheduled meetup or one already inviting.
 */
export interface WaveSituation {
  status: MeetupStatus;
  capacityMax: number;
  firstWaveSize: number | null;
  /** The RSVP deadline, or the start when the meetup has none. */
  deadline: Date;
  /** Accepted invitations plus open seat offers (meetups.seats_taken). */
  seatsTaken: number;
  /** Every invitation of the meetup, whatever its state. */
  invited: number;
  pending: number;
  /** Waitlisted members without an open offer. */
  waitingInLine: number;
}

export type WaveReason =
  /** Sendable: */
  | 'first-wave'
  | 'seats-free'
  /** Nothing to send: */
  | 'not-open'
  | 'deadline-passed'
  | 'waitlist'
  | 'no-free-seats'
  /** Not this rule's: set by the service when the ranking has nobody left to invite. */
  | 'no-candidates';

export interface WaveSize {
  /** No invitation has gone out yet (a hand-picked one counts), so the first-wave size applies. */
  first: boolean;
  size: number;
  reason: WaveReason;
}

export function nextWaveSize(s: WaveSituation, now: Date): WaveSize {
  const first = s.invited === 0;
  const none = (reason: WaveReason): WaveSize => ({ first, size: 0, reason });
  if (s.status !== 'scheduled' && s.status !== 'inviting') return none('not-open');
  if (s.deadline.getTime() <= now.getTime()) return none('deadline-passed');
  if (first) return { first, size: s.firstWaveSize ?? s.capacityMax, reason: 'first-wave' };
  if (s.waitingInLine > 0) return none('waitlist');
  const free = s.capacityMax - s.seatsTaken - s.pending - s.waitingInLine;
  return free > 0 ? { first, size: free, reason: 'seats-free' } : none('no-free-seats');
}
