import request from 'supertest';
import { InvitationWavesService } from '../../src/invitations/selection/invitation-waves.service';
import { InvitationWithdrawalService } from '../../src/invitations/selection/invitation-withdrawal.service';
import { InvitationsTickService } from '../../src/invitations/invitations-tick.service';
import { LowTurnoutService } from '../../src/invitations/selection/low-turnout.service';
import { MailRenderer } from '../../src/mail/mail-renderer';
import { createAccount } from '../support/accounts';
import { cityWithMembers, invite, scheduledMeetup, tokensOf } from '../support/meetups';
import { createTestApp, TestApp } from '../support/test-app';

describe('invitation waves', () => {
  let t: TestApp;
  /** Each test gets its own city: members invited in one test are in their re-invite window for the next. */
  let cities = 0;
  const http = () => request(t.app.getHttpServer());
  const api = {
    invitees: (id: number, limit = 100) =>
      http().get(`/api/meetups/${id}/invitees?limit=${limit}`).set('Authorization', t.bearer),
    overview: (id: number) => http().get(`/api/meetups/${id}/invitations`).set('Authorization', t.bearer),
    send: (id: number, body: object) =>
      http().post(`/api/meetups/${id}/invitations`).set('Authorization', t.bearer).send(body),
    settings: (id: number, body: object) =>
      http().patch(`/api/meetups/${id}/invitations/settings`).set('Authorization', t.bearer).send(body),
    withdraw: (id: number, invitationId: string, body: object = {}) =>
      http().post(`/api/meetups/${id}/invitations/${invitationId}/withdraw`).set('Authorization', t.bearer).send(body),
    answer: (token: string, answer: 'accept' | 'decline') => http().post(`/api/rsvp/${token}`).send({ answer }),
  };
  const invitationsOf = async (meetupId: number) =>
    (await t.db.query(
      `SELECT id::text, member_id::text AS "memberId", state, wave, score, added_by_hand AS "byHand",
              offer_expires_at AS "offerExpiresAt"
         FROM invitations WHERE meetup_id = $1 ORDER BY id`,
      [meetupId],
    )) as {
      id: string;
      memberId: string;
      state: string;
      wave: number;
      score: number | null;
      byHand: boolean;
      offerExpiresAt: Date | null;
    }[];
  const proposed = async (meetupId: number) =>
    (await api.invitees(meetupId).expect(200)).body.invitees.map((i: { memberId: string }) => i.memberId) as string[];
  const deadlineOf = async (meetupId: number) =>
    (await t.db.query(`SELECT rsvp_deadline FROM meetups WHERE id = $1`, [meetupId]))[0].rsvp_deadline as Date;
  /** Everything a wave request may change, to show that a refused one changes none of it. */
  const snapshot = async () => ({
    invitations: await t.db.query(`SELECT * FROM invitations ORDER BY id`),
    meetups: await t.db.query(`SELECT * FROM meetups ORDER BY id`),
    members: await t.db.query(`SELECT id, invited_count, last_invited_at FROM members ORDER BY id`),
    outbox: await t.db.query(`SELECT id FROM outbox_messages ORDER BY id`),
    exclusions: await t.db.query(`SELECT * FROM invitee_exclusions ORDER BY meetup_id, member_id`),
  });

  beforeAll(async () => {
    // No background workers: the tests run the minute tick themselves, at the instants they choose.
    t = await createTestApp({ JOBS_WORKERS: 'false', RSVP_RATE_LIMIT_PER_MINUTE: '100000' });
  });
  afterAll(() => t.close());

  describe('sending', () => {
    it('invites as many as the capacity maximum in the first wave, best-ranked first, and starts inviting', async () => {
      const { cityId } = await cityWithMembers(t, 60, `wave${++cities}`);
      const meetupId = await scheduledMeetup(t, cityId, { capacityMax: 8 });
      const ranking = await proposal(meetupId);
      const res = await api.send(meetupId, { wave: 'next' }).expect(201);
      expect(res.body).toMatchObject({
        wave: 1,
        invited: 8,
        skipped: 0,
        fromRanking: 8,
        byHand: 0,
        allowed: { first: true, size: 8, reason: 'first-wave' },
      });
      const made = await invitationsOf(meetupId);
      expect(made.map((i) => i.memberId).sort()).toEqual(
        ranking
          .slice(0, 8)
          .map((r) => r.memberId)
          .sort(),
      );
      for (const i of made) {
        expect(i).toMatchObject({ state: 'pending', wave: 1, byHand: false });
        expect(i.score).toBe(ranking.find((r) => r.memberId === i.memberId)!.score);
      }
      const [{ status }] = await t.db.query(`SELECT status FROM meetups WHERE id = $1`, [meetupId]);
      expect(status).toBe('inviting');
      const mails = await t.db.query(
        `SELECT count(*)::int AS n FROM outbox_messages WHERE template = 'invitation' AND member_id = ANY ($1::bigint[])`,
        [made.map((i) => i.memberId)],
      );
      expect(mails[0].n).toBeGreaterThanOrEqual(8);
    });

    it('uses the first wave size staff set, and goes back to the capacity maximum when it is cleared', async () => {
      const { cityId } = await cityWithMembers(t, 60, `wave${++cities}`);
      const meetupId = await scheduledMeetup(t, cityId, { capacityMax: 10 });
      expect((await api.settings(meetupId, { firstWaveSize: 3 }).expect(200)).body).toEqual({
        firstWaveSize: 3,
        autoWaves: false,
      });
      expect((await api.overview(meetupId).expect(200)).body.nextWave).toMatchObject({ size: 3, reason: 'first-wave' });
      expect((await api.settings(meetupId, { firstWaveSize: null }).expect(200)).body.firstWaveSize).toBeNull();
      expect((await api.overview(meetupId).expect(200)).body.nextWave.size).toBe(10);
      await api.settings(meetupId, { firstWaveSize: 4 }).expect(200);
      expect((await api.send(meetupId, { wave: 'next' }).expect(201)).body.invited).toBe(4);
    });

    it('sends the next-ranked members into the seats declines left free, and nothing while no seat is free', async () => {
      const { cityId } = await cityWithMembers(t, 60, `wave${++cities}`);
      const meetupId = await scheduledMeetup(t, cityId, { capacityMax: 6 });
      const ranking = await proposal(meetupId);
      await api.send(meetupId, { wave: 'next' }).expect(201);
      const tokens = await tokensOf(t, meetupId);
      const firstSix = ranking.slice(0, 6).map((r) => r.memberId);
      for (const m of firstSix.slice(0, 3)) await api.answer(tokens.get(m)!, 'accept').expect(200);
      for (const m of firstSix.slice(3, 5)) await api.answer(tokens.get(m)!, 'decline').expect(200);
      // 6 seats − 3 accepted − 1 still unanswered = 2.
      const overview = (await api.overview(meetupId).expect(200)).body;
      expect(overview.nextWave).toMatchObject({ first: false, size: 2, reason: 'seats-free' });
      expect(overview.counts).toMatchObject({ invited: 6, accepted: 3, declined: 2, pending: 1 });
      const second = await api.send(meetupId, { wave: 'next' }).expect(201);
      expect(second.body).toMatchObject({ wave: 2, invited: 2, allowed: { size: 2, reason: 'seats-free' } });
      const wave2 = (await invitationsOf(meetupId)).filter((i) => i.wave === 2).map((i) => i.memberId);
      expect(wave2.sort()).toEqual(
        ranking
          .slice(6, 8)
          .map((r) => r.memberId)
          .sort(),
      );

      const before = await snapshot();
      const full = await api.send(meetupId, { wave: 'next' }).expect(409);
      expect(full.body.message).toMatch(/No seat of meetup \d+ is free/);
      expect(await snapshot()).toEqual(before);
    });

    it('sends no wave while members wait in line: the next freed seat is theirs', async () => {
      const { cityId } = await cityWithMembers(t, 60, `wave${++cities}`);
      const meetupId = await scheduledMeetup(t, cityId, { capacityMax: 2 });
      await api.settings(meetupId, { firstWaveSize: 4 }).expect(200);
      await api.send(meetupId, { wave: 'next' }).expect(201);
      const tokens = [...(await tokensOf(t, meetupId)).values()];
      for (const token of tokens.slice(0, 3)) await api.answer(token, 'accept').expect(200);
      expect((await api.overview(meetupId).expect(200)).body.nextWave).toMatchObject({ size: 0, reason: 'waitlist' });
      const before = await snapshot();
      const refused = await api.send(meetupId, { wave: 'next' }).expect(409);
      expect(refused.body.message).toMatch(/waiting on the waitlist/);
      expect(await snapshot()).toEqual(before);
    });

    it('sends nothing once the RSVP deadline has passed', async () => {
      const { cityId, memberIds } = await cityWithMembers(t, 60, `wave${++cities}`);
      // Starts tomorrow; its deadline was the day before yesterday.
      const late = await scheduledMeetup(t, cityId, { daysAhead: 1 });
      expect((await api.overview(late).expect(200)).body.nextWave).toMatchObject({
        size: 0,
        reason: 'deadline-passed',
      });
      const before = await snapshot();
      const refused = await api.send(late, { wave: 'next' }).expect(409);
      expect(refused.body.message).toMatch(/RSVP deadline .* has passed/);
      await api.send(late, { add: [memberIds[0]] }).expect(409);
      expect(await snapshot()).toEqual(before);

      // The same rule at the instant: one millisecond after the deadline of a meetup still open.
      const open = await scheduledMeetup(t, cityId);
      const after = new Date((await deadlineOf(open)).getTime() + 1);
      await expect(t.app.get(InvitationWavesService).send(open, { wave: 'next' }, null, after)).rejects.toThrow(
        /deadline/,
      );
      expect(await invitationsOf(open)).toEqual([]);
    });

    it('leaves out members staff remove, for good, and invites members added by hand', async () => {
      const { cityId } = await cityWithMembers(t, 60, `wave${++cities}`);
      const meetupId = await scheduledMeetup(t, cityId, { capacityMax: 5 });
      const ranking = await proposal(meetupId);
      const [top, second] = [ranking[0].memberId, ranking[1].memberId];
      const farDown = ranking[40].memberId;
      const res = await api
        .send(meetupId, {
          wave: 'next',
          exclude: [top],
          add: [farDown],
          proposed: ranking.slice(0, 5).map((r) => r.memberId),
        })
        .expect(201);
      expect(res.body).toMatchObject({ invited: 5, fromRanking: 4, byHand: 1, leftOut: 1 });
      const made = await invitationsOf(meetupId);
      expect(made.map((i) => i.memberId)).not.toContain(top);
      expect(made.find((i) => i.memberId === second)).toMatchObject({ byHand: false });
      expect(made.find((i) => i.memberId === farDown)).toMatchObject({ byHand: true, score: ranking[40].score });

      // The member left out stays out of later proposals until staff put them back.
      const later = (await api.invitees(meetupId).expect(200)).body;
      expect(later.invitees.map((i: { memberId: string }) => i.memberId)).not.toContain(top);
      expect(later.excluded.map((x: { memberId: string }) => x.memberId)).toEqual([top]);
      await http()
        .delete(`/api/meetups/${meetupId}/invitees/exclusions/${top}`)
        .set('Authorization', t.bearer)
        .expect(204);
      await http()
        .delete(`/api/meetups/${meetupId}/invitees/exclusions/${top}`)
        .set('Authorization', t.bearer)
        .expect(404);
      expect(await proposed(meetupId)).toContain(top);
    });

    it('cuts the wave to the members the ranking has left, and says so when nobody is left', async () => {
      const { cityId } = await cityWithMembers(t, 3, `wave${++cities}`);
      const meetupId = await scheduledMeetup(t, cityId, { capacityMax: 5 });
      expect((await api.overview(meetupId).expect(200)).body.nextWave).toMatchObject({ size: 3, reason: 'first-wave' });
      expect((await api.send(meetupId, { wave: 'next' }).expect(201)).body).toMatchObject({ invited: 3 });
      // 5 seats − 3 unanswered = 2 by the rule, but nobody is left to rank.
      const overview = (await api.overview(meetupId).expect(200)).body;
      expect(overview.nextWave).toMatchObject({ size: 0, reason: 'no-candidates' });
      expect(overview.nextWave.message).toMatch(/Nobody is left to invite/);
      const before = await snapshot();
      expect((await api.send(meetupId, { wave: 'next' }).expect(409)).body.message).toMatch(/Nobody is left to invite/);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a reviewed proposal that no longer matches the ranking', async () => {
      const { cityId } = await cityWithMembers(t, 60, `wave${++cities}`);
      const meetupId = await scheduledMeetup(t, cityId, { capacityMax: 3 });
      const ranking = await proposal(meetupId);
      const stale = [ranking[0], ranking[1], ranking[3]].map((r) => r.memberId);
      const before = await snapshot();
      const res = await api.send(meetupId, { wave: 'next', proposed: stale }).expect(409);
      expect(res.body.message).toMatch(/proposal changed/);
      expect(await snapshot()).toEqual(before);
    });

    it('answers 4xx to bad input and changes nothing', async () => {
      const { cityId, memberIds } = await cityWithMembers(t, 60, `wave${++cities}`);
      const meetupId = await scheduledMeetup(t, cityId, { capacityMax: 3 });
      const invited = memberIds[50];
      await invite(t, meetupId, [invited]);
      const unsubscribed = memberIds[51];
      await t.db.query(`UPDATE members SET unsubscribed_at = now() WHERE id = $1`, [unsubscribed]);
      const before = await snapshot();
      const bad: [object, number, RegExp][] = [
        [{}, 400, /Nothing to send/],
        [{ wave: 'later' }, 400, /wave must be "next"/],
        [{ wave: 'next', exclude: ['x1'] }, 400, /member id/],
        [{ wave: 'next', exclude: 'abc' }, 400, /member id/],
        [{ wave: 'next', exclude: [{}] }, 400, /member id/],
        [{ exclude: [memberIds[1]] }, 400, /Nothing to send/],
        [{ add: [memberIds[1]], exclude: [memberIds[2]] }, 400, /belong to a wave/],
        [{ wave: 'next', add: [memberIds[1]], exclude: [memberIds[1]] }, 400, /both left out and added/],
        [{ wave: 'next', add: ['999999999'] }, 400, /no member 999999999/],
        [{ wave: 'next', exclude: ['999999999'] }, 400, /no member 999999999/],
        [{ add: [unsubscribed] }, 409, /unsubscribed/],
        [{ add: [invited] }, 409, /already has an invitation/],
        [{ wave: 'next', bogus: 1 }, 400, /bogus should not exist/],
        [{ wave: 'next', add: Array.from({ length: 1001 }, (_, i) => String(i + 1)) }, 400, /1000/],
      ];
      for (const [body, status, message] of bad) {
        const res = await api.send(meetupId, body);
        expect([JSON.stringify(body).slice(0, 60), res.status]).toEqual([JSON.stringify(body).slice(0, 60), status]);
        expect([res.body.message].flat().join(' ')).toMatch(message);
      }
      await api.settings(meetupId, { firstWaveSize: 0 }).expect(400);
      await api.settings(meetupId, { firstWaveSize: 'ten' }).expect(400);
      await api.settings(meetupId, { firstWaveSize: 1001 }).expect(400);
      await api.settings(meetupId, { autoWaves: 'yes' }).expect(400);
      await api.settings(meetupId, { autoWaves: true, extra: 1 }).expect(400);
      await api.settings(999999, { autoWaves: true }).expect(404);
      await api.send(999999, { wave: 'next' }).expect(404);
      await api.send(meetupId, { wave: 'next' }).set('Authorization', '').expect(401);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('the minute tick', () => {
    const tick = (now = new Date()) => t.app.get(InvitationsTickService).tick(now);

    it('is a pg-boss schedule that runs every minute', async () => {
      const rows = await t.db.query(`SELECT name, cron FROM pgboss.schedule WHERE name = 'invitations-tick'`);
      expect(rows).toEqual([{ name: 'invitations-tick', cron: '* * * * *' }]);
    });

    it('sends the next wave by itself only when staff switched automatic waves on, once', async () => {
      const { cityId } = await cityWithMembers(t, 60, `wave${++cities}`);
      const meetupId = await scheduledMeetup(t, cityId, { capacityMax: 4 });
      const ranking = await proposal(meetupId);
      await api.send(meetupId, { wave: 'next' }).expect(201);
      const tokens = await tokensOf(t, meetupId);
      await api.answer(tokens.get(ranking[0].memberId)!, 'decline').expect(200);
      await api.answer(tokens.get(ranking[1].memberId)!, 'accept').expect(200);

      await tick();
      expect(await invitationsOf(meetupId)).toHaveLength(4);

      await api.settings(meetupId, { autoWaves: true }).expect(200);
      // Two instances ticking at the same moment still send one wave.
      await Promise.all([tick(), tick()]);
      const made = await invitationsOf(meetupId);
      expect(made).toHaveLength(5);
      expect(made[4]).toMatchObject({ memberId: ranking[4].memberId, wave: 2, byHand: false, state: 'pending' });
      await tick();
      expect(await invitationsOf(meetupId)).toHaveLength(5);
    });

    it('never sends a first wave by itself, nor after the deadline', async () => {
      const { cityId } = await cityWithMembers(t, 60, `wave${++cities}`);
      const untouched = await scheduledMeetup(t, cityId, { capacityMax: 4 });
      await api.settings(untouched, { autoWaves: true }).expect(200);
      const late = await scheduledMeetup(t, cityId, { capacityMax: 4 });
      await api.send(late, { wave: 'next' }).expect(201);
      await api.settings(late, { autoWaves: true }).expect(200);
      const [first] = await invitationsOf(late);
      await api.answer((await tokensOf(t, late)).get(first.memberId)!, 'decline').expect(200);
      // Only the waves step at a later time: the whole tick would also close the meetup at its deadline.
      const waves = t.app.get(InvitationWavesService);
      await waves.sendAutomaticWaves(new Date((await deadlineOf(late)).getTime() + 1000));
      expect(await invitationsOf(untouched)).toEqual([]);
      expect(await invitationsOf(late)).toHaveLength(4);
      await tick();
      expect(await invitationsOf(late)).toHaveLength(5);
      // Once the deadline has really passed, the tick closes the meetup and sends nothing more.
      await t.db.query(`UPDATE invitations SET state = 'declined' WHERE meetup_id = $1 AND state = 'pending'`, [late]);
      await tick(new Date((await deadlineOf(late)).getTime() + 1000));
      expect(await invitationsOf(late)).toHaveLength(5);
      expect((await t.db.query(`SELECT status FROM meetups WHERE id = $1`, [late]))[0].status).toBe('closed');
    });
  });

  describe('low-turnout alert', () => {
    it('emails every active admin and staff account once, in their language, when too few accepted near the deadline', async () => {
      const { cityId } = await cityWithMembers(t, 60, `wave${++cities}`);
      const zh = await createAccount(t, 'staff');
      await t.db.query(`UPDATE accounts SET locale = 'zh-CN' WHERE id = $1`, [zh.id]);
      const disabled = await createAccount(t, 'staff');
      await t.db.query(`UPDATE accounts SET disabled_at = now() WHERE id = $1`, [disabled.id]);
      await createAccount(t, 'admin');
      await createAccount(t, 'engineer');
      await createAccount(t, 'steward');
      const staff: { id: number; email: string; locale: string }[] = await t.db.query(
        `SELECT id, email, locale FROM accounts WHERE role IN ('admin', 'staff') AND disabled_at IS NULL ORDER BY id`,
      );

      const low = await scheduledMeetup(t, cityId, { capacityMin: 3, capacityMax: 5 });
      const fine = await scheduledMeetup(t, cityId, { capacityMin: 1, capacityMax: 5 });
      for (const meetupId of [low, fine]) {
        await api.send(meetupId, { wave: 'next' }).expect(201);
        const [first] = await invitationsOf(meetupId);
        await api.answer((await tokensOf(t, meetupId)).get(first.memberId)!, 'accept').expect(200);
      }
      const service = t.app.get(LowTurnoutService);
      const deadline = await deadlineOf(low);
      const alerts = async (meetupId: number) =>
        (await t.db.query(
          `SELECT recipient, locale, data FROM outbox_messages WHERE idempotency_key LIKE $1 ORDER BY recipient`,
          [`low-turnout:${meetupId}:%`],
        )) as { recipient: string; locale: string; data: Record<string, unknown> }[];

      // Three days before the deadline: too early.
      await service.alertLowTurnout(new Date(deadline.getTime() - 3 * 86_400_000));
      expect(await alerts(low)).toEqual([]);

      const at = new Date(deadline.getTime() - 86_400_000);
      await Promise.all([service.alertLowTurnout(at), service.alertLowTurnout(at)]);
      await service.alertLowTurnout(new Date(at.getTime() + 60_000));
      const sent = await alerts(low);
      const byEmail = (a: string[], b: string[]) => (a[0] < b[0] ? -1 : 1);
      expect(sent.map((m) => [m.recipient, m.locale]).sort(byEmail)).toEqual(
        staff.map((s) => [s.email, s.locale]).sort(byEmail),
      );
      expect(sent.map((m) => m.recipient)).not.toContain(disabled.email);
      expect(sent[0].data).toMatchObject({ accepted: 1, capacityMin: 3, invited: 5 });
      const [{ low_turnout_alerted_at: alertedAt }] = await t.db.query(
        `SELECT low_turnout_alerted_at FROM meetups WHERE id = $1`,
        [low],
      );
      expect(alertedAt).toEqual(at);
      expect((await api.overview(low).expect(200)).body.lowTurnout).toEqual({
        alertedAt: at.toISOString(),
        accepted: 1,
        capacityMin: 3,
      });
      // Enough accepted: no alert.
      expect(await alerts(fine)).toEqual([]);
      expect((await api.overview(fine).expect(200)).body.lowTurnout).toBeNull();

      const zhMail = new MailRenderer().render('low-turnout', 'zh-CN', sent.find((m) => m.locale === 'zh-CN')!.data);
      expect(zhMail.subject).toContain('报名不足');
      expect(zhMail.text).toContain(`/meetups/${low}/invitations`);
    });
  });

  describe('withdrawing an invitation', () => {
    it('cancels it, passes the held seat to the first in line, emails the member and stops counting it against them', async () => {
      const { cityId, memberIds } = await cityWithMembers(t, 60, `wave${++cities}`);
      const meetupId = await scheduledMeetup(t, cityId, { capacityMax: 1 });
      const [a, b, c] = [memberIds[55], memberIds[56], memberIds[57]];
      const before: { invited_count: number; last_invited_at: Date | null }[] = await t.db.query(
        `SELECT invited_count, last_invited_at FROM members WHERE id = $1`,
        [a],
      );
      const tokens = await invite(t, meetupId, [a, b, c]);
      await api.answer(tokens.get(a)!, 'accept').expect(200);
      await api.answer(tokens.get(b)!, 'accept').expect(200);
      const rows = await invitationsOf(meetupId);
      const id = (m: string) => rows.find((r) => r.memberId === m)!.id;

      const res = await api.withdraw(meetupId, id(a), { note: 'invited by mistake' }).expect(200);
      expect(res.body).toEqual({
        invitationId: id(a),
        meetupId,
        memberId: a,
        was: 'accepted',
        state: 'cancelled',
        seat: 'offered',
      });
      const after = await invitationsOf(meetupId);
      expect(after.find((r) => r.memberId === a)!.state).toBe('cancelled');
      expect(after.find((r) => r.memberId === b)!.offerExpiresAt).not.toBeNull();
      const [{ seats_taken: seats }] = await t.db.query(`SELECT seats_taken FROM meetups WHERE id = $1`, [meetupId]);
      expect(seats).toBe(1);
      const [mail] = await t.db.query(
        `SELECT data, attachments FROM outbox_messages WHERE template = 'invitation-withdrawn' AND member_id = $1`,
        [a],
      );
      expect(mail.data.hadSeat).toBe(true);
      expect(mail.attachments[0].contentType).toContain('method=CANCEL');
      const [offer] = await t.db.query(
        `SELECT count(*)::int AS n FROM outbox_messages WHERE template = 'waitlist-offer' AND member_id = $1`,
        [b],
      );
      expect(offer.n).toBe(1);
      const [log] = await t.db.query(
        `SELECT detail FROM invitation_events WHERE invitation_id = $1 AND kind = 'withdrawn'`,
        [id(a)],
      );
      expect(log.detail).toMatchObject({ note: 'invited by mistake', was: 'accepted' });
      expect(await t.db.query(`SELECT invited_count, last_invited_at FROM members WHERE id = $1`, [a])).toEqual(before);

      // A pending invitation holds no seat; a withdrawn one cannot be withdrawn again.
      expect((await api.withdraw(meetupId, id(c)).expect(200)).body).toMatchObject({ was: 'pending', seat: null });
      const other = await scheduledMeetup(t, cityId);
      const snap = await snapshot();
      expect((await api.withdraw(meetupId, id(a)).expect(409)).body.message).toMatch(/already withdrawn/);
      await api.withdraw(meetupId, 'abc').expect(400);
      await api.withdraw(meetupId, '999999999').expect(404);
      await api.withdraw(meetupId, id(b), { note: 'x'.repeat(501) }).expect(400);
      await api.withdraw(other, id(b)).expect(404);
      const [{ starts_at: startsAt }] = await t.db.query(`SELECT starts_at FROM meetups WHERE id = $1`, [meetupId]);
      await expect(
        t.app.get(InvitationWithdrawalService).withdraw(meetupId, id(b), null, undefined, startsAt),
      ).rejects.toThrow(/has started/);
      expect(await snapshot()).toEqual(snap);
    });
  });

  async function proposal(meetupId: number): Promise<{ memberId: string; score: number }[]> {
    return (await api.invitees(meetupId).expect(200)).body.invitees;
  }
});
