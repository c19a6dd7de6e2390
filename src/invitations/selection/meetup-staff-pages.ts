import { checkInWindow, MeetupClock } from '../core/meetup-timeline';
import type { WaveReason } from './wave-size';

/** A meetup's staff pages under /meetups/:id/, in the order the meetup page lists them. */
export type MeetupStaffPage = 'invitations' | 'invitees' | 'questions' | 'check-in' | 'roster';

/**
 * Which of its staff pages the meetup page links to, given where the meetup stands:
 * - invitees (choose and send): while invitations may go out — a scheduled or inviting meetup
 *   before its RSVP deadline, the only refusals a send makes whatever the wave size (members
 *   picked by hand may go out when the ranking's wave is empty);
 * - invitations (list, waves, withdraw): once anyone is invited, or while invitations may go out;
 * - questions: once anyone is invited (attendees ask after accepting; kept as history after);
 * - check-in and roster: while the door is open or still to open; not for a meetup nobody was
 *   invited to, a cancelled one, or one whose attendance is recorded.
 * Every page is for admin and staff, like the meetup page itself (check-in also for stewards).
 */
export function meetupStaffPages(
  meetup: MeetupClock,
  invited: number,
  nextWave: WaveReason,
  now: Date,
): MeetupStaffPage[] {
  const sendable = nextWave !== 'not-open' && nextWave !== 'deadline-passed';
  const door = checkInWindow(meetup, now);
  const atTheDoor = door.open || door.closed === 'too-early';
  const pages: [MeetupStaffPage, boolean][] = [
    ['invitations', invited > 0 || sendable],
    ['invitees', sendable],
    ['questions', invited > 0],
    ['check-in', atTheDoor],
    ['roster', atTheDoor],
  ];
  return pages.filter(([, shown]) => shown).map(([page]) => page);
}
