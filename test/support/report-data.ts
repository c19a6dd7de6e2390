import { randomBytes } from 'node:crypto';
import type { TestApp } from './test-app';

let members = 0;

export interface HeldMeetupSpec {
  city: string;
  /** yyyy-MM-dd, 19:00–21:00 Asia/Shanghai */
  day: string;
  title: string;
  /** One entry per accepted member: checked in or a no-show; answered ones carry [rating, recommend]. */
  attendees: ({ came: false } | { came: true; answer?: [number, number] })[];
}

/**
 * Writes held meetups with their attendance and feedback straight into the database, so report
 * figures can be checked against numbers worked out by hand. Dates are far enough from now that the
 * app's own minute tick leaves them alone.
 */
export async function heldMeetupsWithFeedback(t: TestApp, specs: HeldMeetupSpec[]): Promise<number[]> {
  const ids: number[] = [];
  for (const spec of specs) {
    const [city] = await t.db.query(
      `INSERT INTO cities (name) VALUES ($1) ON CONFLICT ((lower(name))) DO UPDATE SET name = excluded.name RETURNING id`,
      [spec.city],
    );
    const start = `${spec.day}T19:00:00+08:00`;
    const end = `${spec.day}T21:00:00+08:00`;
    const [meetup] = await t.db.query(
      `INSERT INTO meetups (city_id, title, starts_at, ends_at, status, attendance_recorded_at)
       VALUES ($1, $2, $3, $4, 'held', $4::timestamptz + interval '6 hours') RETURNING id`,
      [city.id, spec.title, start, end],
    );
    ids.push(meetup.id);
    for (const a of spec.attendees) {
      members += 1;
      const [member] = await t.db.query(
        `INSERT INTO members (external_id, email, name, city_id, locale, registered_on)
         VALUES ($1, $1 || '@example.com', $1, $2, 'en', '2020-01-01') RETURNING id`,
        [`report-fan-${members}`, city.id],
      );
      const [invitation] = await t.db.query(
        `INSERT INTO invitations (meetup_id, member_id, state, wave, token_hash, token_nonce, checked_in_at, no_show)
         VALUES ($1, $2, 'accepted', 1, $3, $4, $5, $6) RETURNING id`,
        [meetup.id, member.id, randomBytes(32), randomBytes(16), a.came ? start : null, !a.came],
      );
      if (!a.came) continue;
      const [request] = await t.db.query(
        `INSERT INTO feedback_requests (meetup_id, invitation_id, token_hash, token_nonce, sent_at)
         VALUES ($1, $2, $3, $4, $5::timestamptz + interval '2 hours') RETURNING id`,
        [meetup.id, invitation.id, randomBytes(32), randomBytes(16), end],
      );
      if (!a.answer) continue;
      await t.db.query(`UPDATE feedback_requests SET answered_at = sent_at + interval '1 hour' WHERE id = $1`, [
        request.id,
      ]);
      await t.db.query(`INSERT INTO feedback_answers (request_id, rating, recommend) VALUES ($1, $2, $3)`, [
        request.id,
        a.answer[0],
        a.answer[1],
      ]);
    }
  }
  return ids;
}
