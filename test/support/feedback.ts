import { CheckInService } from '../../src/invitations/attendance/check-in.service';
import { acceptAll, answer, DESK, invitationOf, meetupRow } from './check-in';
import { invite, scheduledMeetup } from './meetups';
import type { TestApp } from './test-app';

/**
 * A meetup as it was held: `came` accepted and checked in, `noShows` accepted and never came,
 * `declined` said no; `beforeCheckIn` runs while answers are open (questions, say). Returns the meetup,
 * its end and the members' RSVP tokens.
 */
export async function heldMeetup(
  t: TestApp,
  cityId: number,
  who: { came: string[]; noShows?: string[]; declined?: string[] },
  over: { title?: string; beforeCheckIn?: (tokens: Map<string, string>) => Promise<void> } = {},
) {
  const meetupId = await scheduledMeetup(t, cityId, { title: over.title ?? 'Feedback meetup' });
  const everyone = [...who.came, ...(who.noShows ?? []), ...(who.declined ?? [])];
  const tokens = await invite(t, meetupId, everyone);
  await acceptAll(t, tokens, [...who.came, ...(who.noShows ?? [])]);
  for (const id of who.declined ?? []) await answer(t, tokens.get(id)!, 'decline');
  await over.beforeCheckIn?.(tokens);
  const row = await meetupRow(t, meetupId);
  for (const id of who.came) {
    const inv = await invitationOf(t, meetupId, id);
    await t.app.get(CheckInService).markArrived(meetupId, inv.id, DESK, 'api', row.starts_at);
  }
  return { meetupId, endsAt: row.ends_at, tokens };
}

/** The feedback requests of a meetup, by member. */
export async function feedbackRequestsOf(t: TestApp, meetupId: number) {
  return (await t.db.query(
    `SELECT f.id::text, i.member_id::text AS member_id, f.sent_at, f.reminded_at, f.answered_at, f.token_hash
       FROM feedback_requests f JOIN invitations i ON i.id = f.invitation_id
      WHERE f.meetup_id = $1 ORDER BY i.member_id`,
    [meetupId],
  )) as {
    id: string;
    member_id: string;
    sent_at: Date;
    reminded_at: Date | null;
    answered_at: Date | null;
    token_hash: Buffer;
  }[];
}
