import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { QueryRunner } from 'typeorm';
import { JobsService } from '../../src/jobs/jobs.service';
import { DELIVERY_QUEUE, mailPriority, PERSONAL_MAIL_PRIORITY } from '../../src/mail/mail-outbox.service';
import { InvitationsRepository } from '../../src/invitations/core/invitations.repository';
import { hashRsvpToken } from '../../src/invitations/core/rsvp-token';
import { SeatsRepository } from '../../src/invitations/rsvp/seats.repository';
import { MEETUP_LOCK_TIMEOUT } from '../../src/meetups/meetup-lock';
import { cityWithMembers, invite, scheduledMeetup } from '../support/meetups';
import { createTestApp, TestApp } from '../support/test-app';

/** The accept in one round trip (the rsvp_seek_seat function): what it writes, and when it writes nothing. */
describe('an accept in one round trip', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp({ RSVP_RATE_LIMIT_PER_MINUTE: '100000' });
  });
  afterAll(() => t.close());

  async function meetupWith(n: number, prefix: string, capacityMax = 50) {
    const { cityId, memberIds } = await cityWithMembers(t, n, prefix);
    const meetupId = await scheduledMeetup(t, cityId, { capacityMax });
    const tokens = await invite(t, meetupId, memberIds);
    await t.db.query(`DELETE FROM outbox_messages WHERE template = 'invitation'`);
    return { meetupId, memberIds, tokens };
  }

  const state = async (memberId: string, meetupId: number) =>
    (
      await t.db.query(
        `SELECT i.state, i.calendar_sequence, (SELECT count(*)::int FROM invitation_events e WHERE e.invitation_id = i.id
                                                  AND e.kind = 'accept') AS accepts,
                (SELECT count(*)::int FROM outbox_messages o WHERE o.member_id = i.member_id AND o.template = 'rsvp-changed') AS mails
           FROM invitations i WHERE i.member_id = $1 AND i.meetup_id = $2`,
        [memberId, meetupId],
      )
    )[0];

  it('writes the confirmation keyed by the answer event, and a delivery job as pg-boss writes one', async () => {
    const { meetupId, memberIds, tokens } = await meetupWith(2, 'once', 1);
    // Watched, not replaced: both answers must take the one-statement path, not the general one.
    const calls = jest.spyOn(t.app.get(SeatsRepository), 'seekSeatAtOnce');
    const seated = await http()
      .post(`/api/rsvp/${tokens.get(memberIds[0])}`)
      .send({ answer: 'accept' })
      .expect(200);
    const waiting = await http()
      .post(`/api/rsvp/${tokens.get(memberIds[1])}`)
      .send({ answer: 'accept' })
      .expect(200);
    expect([seated.body.change, waiting.body.change]).toEqual(['accepted', 'waitlisted']);
    expect(waiting.body.view.position).toBe(1);
    const outcomes = await Promise.all(calls.mock.results.map((r) => r.value as Promise<{ outcome: string }>));
    expect(outcomes.map((o) => o.outcome)).toEqual(['applied', 'applied']);
    calls.mockRestore();

    const mails: { id: string; key: string; event: string; data: Record<string, unknown>; files: string[] }[] =
      await t.db.query(
        `SELECT o.id, o.idempotency_key AS key, 'rsvp:' || i.id || ':' || e.id AS event, o.data,
                ARRAY(SELECT a ->> 'filename' FROM jsonb_array_elements(o.attachments) a) AS files
           FROM outbox_messages o JOIN invitations i ON i.member_id = o.member_id AND i.meetup_id = $1
           JOIN invitation_events e ON e.invitation_id = i.id AND e.kind = 'accept'
          WHERE o.template = 'rsvp-changed' ORDER BY i.waitlist_seq NULLS FIRST`,
        [meetupId],
      );
    expect(mails.map((m) => m.key)).toEqual(mails.map((m) => m.event));
    expect(mails.map((m) => m.files)).toEqual([['check-in.png', 'meetup.ics'], []]);
    expect(mails.map((m) => [m.data.change, m.data.position, typeof m.data._sealed])).toEqual([
      ['accepted', null, 'string'],
      ['waitlisted', 1, 'string'],
    ]);

    // The same job through pg-boss's own insert, to compare with the function's.
    const reference = randomUUID();
    await t.app
      .get(JobsService)
      .sendMany(DELIVERY_QUEUE, [{ outboxId: reference }], undefined, () => mailPriority('rsvp-changed'));
    const jobs = await t.db.query(
      `SELECT data ->> 'outboxId' AS outbox, name, priority, retry_limit, retry_delay, retry_backoff,
              expire_in::text, dead_letter, policy, round(extract(epoch FROM keep_until - created_on) / 60) AS keep_minutes
         FROM pgboss.job WHERE name = $1 AND data ->> 'outboxId' = ANY ($2)`,
      [DELIVERY_QUEUE, [...mails.map((m) => m.id), reference]],
    );
    expect(jobs).toHaveLength(3);
    const shape = ({ outbox: _, ...job }: Record<string, unknown>) => job;
    const byPgBoss = shape(jobs.find((j: { outbox: string }) => j.outbox === reference));
    for (const job of jobs) expect(shape(job)).toEqual(byPgBoss);
    // A confirmation goes before bulk mail (invitations are priority 0).
    expect(byPgBoss.priority).toBe(PERSONAL_MAIL_PRIORITY);
  });

  it('writes nothing when the rows changed since they were read, and the answer still lands', async () => {
    const { meetupId, memberIds, tokens } = await meetupWith(1, 'stale');
    const token = tokens.get(memberIds[0])!;
    const snapshot = (await t.app.get(InvitationsRepository).answerSnapshot(hashRsvpToken(token)))!;
    // A staff change since the read: the fingerprint differs.
    await t.db.query(`UPDATE meetups SET title = 'Renamed' WHERE id = $1`, [meetupId]);
    const result = await t.app.get(SeatsRepository).seekSeatAtOnce({
      invitationId: snapshot.invitation.id,
      meetupId,
      snapshot: snapshot.fingerprint,
      answeredAt: new Date(),
      suspect: false,
      events: [{ kind: 'accept', detail: {} }],
      seatedMail: {},
      waitlistedMail: {},
      queue: DELIVERY_QUEUE,
      lockTimeout: MEETUP_LOCK_TIMEOUT,
    });
    expect(result.outcome).toBe('stale');
    expect(await state(memberIds[0], meetupId)).toEqual({
      state: 'pending',
      calendar_sequence: 0,
      accepts: 0,
      mails: 0,
    });

    const res = await http().post(`/api/rsvp/${token}`).send({ answer: 'accept' }).expect(200);
    expect(res.body.change).toBe('accepted');
    expect(await state(memberIds[0], meetupId)).toEqual({
      state: 'accepted',
      calendar_sequence: 1,
      accepts: 1,
      mails: 1,
    });
    // The email tells the meetup as it is now.
    const [mail] = await t.db.query(
      `SELECT data -> 'meetup' ->> 'title' AS title FROM outbox_messages WHERE member_id = $1 AND template = 'rsvp-changed'`,
      [memberIds[0]],
    );
    expect(mail.title).toBe('Renamed');
  });

  it('answers 503 "try again" when the meetup stays locked past the timeout, and changes nothing', async () => {
    const { meetupId, memberIds, tokens } = await meetupWith(1, 'busy');
    const other: QueryRunner = t.db.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    await other.query('SELECT id FROM meetups WHERE id = $1 FOR UPDATE', [meetupId]);
    const started = Date.now();
    try {
      const res = await http()
        .post(`/api/rsvp/${tokens.get(memberIds[0])}`)
        .send({ answer: 'accept' });
      expect(res.status).toBe(503);
      expect(res.body.message).toContain('busy');
      expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    } finally {
      await other.rollbackTransaction();
      await other.release();
    }
    expect(await state(memberIds[0], meetupId)).toEqual({
      state: 'pending',
      calendar_sequence: 0,
      accepts: 0,
      mails: 0,
    });
  });

  it('stores the answer of a member who unsubscribed, without mail or job', async () => {
    const { meetupId, memberIds, tokens } = await meetupWith(1, 'unsub');
    await t.db.query(`UPDATE members SET unsubscribed_at = now() WHERE id = $1`, [memberIds[0]]);
    const [{ n: jobsBefore }] = await t.db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1`, [
      DELIVERY_QUEUE,
    ]);
    await http()
      .post(`/api/rsvp/${tokens.get(memberIds[0])}`)
      .send({ answer: 'accept' })
      .expect(200);
    expect(await state(memberIds[0], meetupId)).toEqual({
      state: 'accepted',
      calendar_sequence: 1,
      accepts: 1,
      mails: 0,
    });
    const [{ n: jobsAfter }] = await t.db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1`, [
      DELIVERY_QUEUE,
    ]);
    expect(jobsAfter).toBe(jobsBefore);
  });
});
