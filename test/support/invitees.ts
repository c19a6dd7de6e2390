import { DateTime } from 'luxon';
import {
  compareInvitees,
  DEFAULT_INVITEE_SCORE,
  InviteeFacts,
  scoreInvitee,
} from '../../src/invitations/selection/invitee-score';
import type { TestApp } from './test-app';
import assert from 'node:assert/strict';

let cities = 0;

/**
 * A city whose `n` members spread over every factor of the invitee score: forum posts from 0 to
 * 200,000, honorary members, past attendance, no-shows, invitations, registrations from 2012 to
 * after the meetup, some invited recently and some unsubscribed. Deterministic (no random()).
 */
export async function cityWithSpread(t: TestApp, n: number, prefix = 'spread') {
  cities += 1;
  const [{ id: cityId }]: { id: number }[] = await t.db.query(`INSERT INTO cities (name) VALUES ($1) RETURNING id`, [
    `Spreadcity ${prefix} ${cities}`,
  ]);
  await t.db.query(
    `INSERT INTO members (external_id, email, name, city_id, locale, registered_on, forum_posts, honorary,
                          attended_count, no_show_count, invited_count, last_invited_at, unsubscribed_at)
     SELECT $1 || '-' || g, $1 || '-' || g || '@example.com', 'Spread ' || $1 || ' ' || g, $2,
            CASE WHEN g % 3 = 0 THEN 'en' ELSE 'zh-CN' END,
            date '2012-01-01' + (g * 97) % 5500,
            CASE g % 4 WHEN 0 THEN 0 WHEN 1 THEN (g * 7919) % 50 WHEN 2 THEN (g * 104729) % 5000 ELSE (g * 31337) % 200000 END,
            g % 7 = 0,
            CASE WHEN g % 3 = 0 THEN g % 4 ELSE 0 END,
            CASE WHEN g % 9 = 0 THEN g % 5 ELSE 0 END,
            g % 13,
            CASE WHEN g % 10 = 1 THEN now() - make_interval(days => (g * 53) % 400) END,
            CASE WHEN g % 17 = 0 THEN now() END
       FROM generate_series(1, $3) g`,
    [`${prefix}${cities}`, cityId, n],
  );
  const members: { id: string }[] = await t.db.query(
    `SELECT id::text AS id FROM members WHERE city_id = $1 ORDER BY id`,
    [cityId],
  );
  assert.equal(members.length, n, `cityWithSpread made ${members.length} members, not ${n}`);
  return { cityId, memberIds: members.map((m) => m.id) };
}

/** Every member of a city as the score's facts, read straight from the table. */
export async function factsOfCity(t: TestApp, cityId: number): Promise<InviteeFacts[]> {
  return t.db.query(
    `SELECT id::text AS "memberId", forum_posts AS "forumPosts", honorary, registered_on::text AS "registeredOn",
            attended_count AS "attendedCount", no_show_count AS "noShowCount", invited_count AS "invitedCount",
            last_invited_at AS "lastInvitedAt", unsubscribed_at AS "unsubscribedAt"
       FROM members WHERE city_id = $1`,
    [cityId],
  );
}

/**
 * The ranking computed in TypeScript alone: `scoreInvitee` over every member of the city, minus
 * members already invited to (or left out of) the meetup, sorted as the rule says.
 */
export async function expectedRanking(t: TestApp, meetupId: number) {
  const [meetup]: { city_id: number; starts_at: Date; time_zone: string }[] = await t.db.query(
    `SELECT m.city_id, m.starts_at, c.time_zone FROM meetups m JOIN cities c ON c.id = m.city_id WHERE m.id = $1`,
    [meetupId],
  );
  const taken = new Set(
    (
      await t.db.query(
        `SELECT member_id::text AS id FROM invitations WHERE meetup_id = $1
         UNION SELECT member_id::text FROM invitee_exclusions WHERE meetup_id = $1`,
        [meetupId],
      )
    ).map((r: { id: string }) => r.id),
  );
  const date = DateTime.fromJSDate(meetup.starts_at, { zone: meetup.time_zone }).toISODate()!;
  const settings = { ...DEFAULT_INVITEE_SCORE, reinviteWindowDays: t.env.REINVITE_WINDOW_DAYS };
  const scored = (await factsOfCity(t, meetup.city_id)).map((f) => scoreInvitee(f, date, meetup.starts_at, settings));
  return scored
    .flatMap((s) => (s.included && !taken.has(s.memberId) ? [{ memberId: s.memberId, total: s.total }] : []))
    .sort(compareInvitees);
}
