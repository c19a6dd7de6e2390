import { DateTime } from 'luxon';
import request from 'supertest';
import { WaveSendingService } from '../../src/invitations/selection/wave-sending.service';
import { rsvpToken } from '../../src/invitations/core/rsvp-token';
import { MemberImportService } from '../../src/members/member-import.service';
import { memberCsv, streamOf } from './csv';
import type { TestApp } from './test-app';

let cities = 0;
let meetups = 0;

/** A city with `n` members (ids returned in import order); member i is `<prefix>-i@example.com`. */
export async function cityWithMembers(t: TestApp, n: number, prefix = 'fan') {
  cities += 1;
  const city = `Testcity${cities}${prefix}`;
  const lines = Array.from(
    { length: n },
    (_, i) =>
      `${prefix}-${i},${prefix}-${i}@example.com,Fan ${prefix} ${i},${city},,${i % 3 ? 'zh-CN' : 'en'},2019-04-01,${i},false`,
  );
  // Test cities are made up: staff would create them (imports refuse names no city goes by).
  const [{ id: cityId }] = await t.db.query(`INSERT INTO cities (name) VALUES ($1) RETURNING id`, [city]);
  await t.app.get(MemberImportService).importCsv(streamOf(memberCsv(...lines)));
  const members: { id: string }[] = await t.db.query(
    `SELECT id::text AS id FROM members WHERE city_id = $1 ORDER BY forum_posts`,
    [cityId],
  );
  return { cityId: cityId as number, memberIds: members.map((m) => m.id) };
}

/**
 * A scheduled meetup at 19:00 city time, `daysAhead` days from now (default: a later day for each
 * call, so meetups of one city never overlap), RSVP deadline two days before.
 */
export async function scheduledMeetup(
  t: TestApp,
  cityId: number,
  over: { capacityMin?: number; capacityMax?: number; daysAhead?: number; title?: string } = {},
) {
  const day = DateTime.now()
    .setZone('Asia/Shanghai')
    .plus({ days: over.daysAhead ?? 5 + meetups++ });
  const at = (d: DateTime, time: string) => `${d.toFormat('yyyy-MM-dd')}T${time}`;
  const http = () => request(t.app.getHttpServer());
  const created = await http()
    .post('/api/meetups')
    .set('Authorization', t.bearer)
    .send({
      cityId,
      title: over.title ?? 'Test meetup',
      venue: 'Community hall',
      address: '1 Test Road',
      startsAt: at(day, '19:00'),
      endsAt: at(day, '21:30'),
      rsvpDeadline: at(day.minus({ days: 2 }), '23:59'),
      capacityMin: over.capacityMin ?? 1,
      capacityMax: over.capacityMax ?? 50,
    })
    .expect(201);
  await http()
    .post(`/api/meetups/${created.body.id}/status`)
    .set('Authorization', t.bearer)
    .send({ status: 'scheduled' })
    .expect(200);
  return created.body.id as number;
}

/** Invites members (wave by wave as called) and returns each member's RSVP token, derived as the email's link is. */
export async function invite(t: TestApp, meetupId: number, memberIds: string[]): Promise<Map<string, string>> {
  await t.app.get(WaveSendingService).invite(
    meetupId,
    memberIds.map((memberId) => ({ memberId, score: null, byHand: true })),
  );
  return tokensOf(t, meetupId);
}

export async function tokensOf(t: TestApp, meetupId: number): Promise<Map<string, string>> {
  const rows: { member_id: string; token_nonce: Buffer }[] = await t.db.query(
    `SELECT member_id::text, token_nonce FROM invitations WHERE meetup_id = $1`,
    [meetupId],
  );
  return new Map(rows.map((r) => [r.member_id, rsvpToken(t.env.APP_SECRET!, r.token_nonce)]));
}
