import type { MeetupStatus } from '../../meetups/meetup-status';

/**
 * When the timed steps of a meetup happen, and when its door is open. Pure, so
 * the minute tick and the check-in pages share one reading of the clock.
 *
 * Rules chosen where the issue is silent:
 * - Check-in opens 3 hours before the start (staff set up, early fans queue)
 *   and closes 6 hours after the end, which is also when the no-shows are
 *   recorded: from then on the attendance is history, not a list to edit.
 * - Staff moving the meetup to `held` says "it is over": attendance is
 *   recorded at the next tick and check-in closes.
 * - A reminder goes out `days` before the start, never after the start, and
 *   `days` = 0 turns reminders off.
 */
export const CHECK_IN_OPENS_HOURS_BEFORE = 3;
export const ATTENDANCE_HOURS_AFTER_END = 6;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface MeetupClock {
  status: MeetupStatus;
  startsAt: Date;
  endsAt: Date;
  rsvpDeadline: Date | null;
  attendanceRecordedAt: Date | null;
}

export type CheckInClosed = 'not-invited' | 'cancelled' | 'too-early' | 'over' | 'recorded';

export interface CheckInWindow {
  open: boolean;
  opensAt: Date;
  closesAt: Date;
  /** Why the door is closed; null while it is open. */
  closed: CheckInClosed | null;
}

export function checkInWindow(m: MeetupClock, now: Date): CheckInWindow {
  const opensAt = new Date(m.startsAt.getTime() - CHECK_IN_OPENS_HOURS_BEFORE * HOUR);
  const closesAt = attendanceDueAt(m.endsAt);
  const closed = ((): CheckInClosed | null => {
    if (m.status === 'cancelled') return 'cancelled';
    if (m.attendanceRecordedAt || m.status === 'held') return 'recorded';
    if (m.status !== 'inviting' && m.status !== 'closed') return 'not-invited';
    if (now.getTime() < opensAt.getTime()) return 'too-early';
    if (now.getTime() >= closesAt.getTime()) return 'over';
    return null;
  })();
  return { open: closed === null, opensAt, closesAt, closed };
}

/** Whether a steward may see the meetup's attendees now: from the door's opening until attendance is due, whatever the status. */
export function stewardMaySee(m: Pick<MeetupClock, 'startsAt' | 'endsAt'>, now: Date): boolean {
  const opensAt = m.startsAt.getTime() - CHECK_IN_OPENS_HOURS_BEFORE * HOUR;
  return now.getTime() >= opensAt && now.getTime() < attendanceDueAt(m.endsAt).getTime();
}

/** The RSVP deadline, or the start when the meetup has none (as rsvp-rules reads it). */
export function rsvpDeadlineOf(m: Pick<MeetupClock, 'rsvpDeadline' | 'startsAt'>): Date {
  return m.rsvpDeadline ?? m.startsAt;
}

/** Pending invitations expire, and an inviting meetup closes, once this has passed. */
export function deadlinePassed(m: Pick<MeetupClock, 'rsvpDeadline' | 'startsAt'>, now: Date): boolean {
  return rsvpDeadlineOf(m).getTime() <= now.getTime();
}

/** When the no-shows of a meetup are recorded (unless staff move it to `held` sooner). */
export function attendanceDueAt(endsAt: Date): Date {
  return new Date(endsAt.getTime() + ATTENDANCE_HOURS_AFTER_END * HOUR);
}

export function attendanceDue(m: MeetupClock, now: Date): boolean {
  if (m.attendanceRecordedAt) return false;
  if (m.status === 'held') return true;
  return (m.status === 'inviting' || m.status === 'closed') && attendanceDueAt(m.endsAt).getTime() <= now.getTime();
}

/** Reminders go out for meetups starting in (now, now + days]; null when reminders are off. */
export function reminderHorizon(now: Date, days: number): Date | null {
  return days > 0 ? new Date(now.getTime() + days * DAY) : null;
}

export function reminderDue(m: MeetupClock & { remindedAt: Date | null }, now: Date, days: number): boolean {
  const horizon = reminderHorizon(now, days);
  return (
    horizon !== null &&
    m.remindedAt === null &&
    (m.status === 'inviting' || m.status === 'closed') &&
    m.startsAt.getTime() > now.getTime() &&
    m.startsAt.getTime() <= horizon.getTime()
  );
}
