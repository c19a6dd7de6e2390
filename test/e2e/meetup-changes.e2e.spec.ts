import { Logger } from '@nestjs/common';
import ICAL from 'ical.js';
import request from 'supertest';
import { MeetupEvents } from '../../src/meetups/meetup-events';
import { acceptAll, answer, delivered, invitationOf, meetupRow, outboxOf, parseIcs } from '../support/check-in';
import { cityWithMembers, invite, scheduledMeetup } from '../support/meetups';
import { createTestApp, TestApp } from '../support/test-app';

afterEach(() => ICAL.TimezoneService.reset());

describe('meetup cancelled or changed: what invitees hear', () => {
  let t: TestApp;
  let cityId: number;
  let m: string[];
  const http = () => request(t.app.getHttpServer());
  const api = (method: 'post' | 'patch', path: string, body: object) =>
    http()[method](path).set('Authorization', t.bearer).send(body);
  const ics = (mail: { attachments: { filename: string; content: string }[] }, filename: string) =>
    parseIcs(mail.attachments.find((a) => a.filename === filename)!.content);
  const snapshot = async (meetupId: number) => ({
    meetup: await meetupRow(t, meetupId),
    invitations: await t.db.query(`SELECT * FROM invitations WHERE meetup_id = $1 ORDER BY id`, [meetupId]),
    outbox: (await t.db.query(`SELECT count(*)::int AS n FROM outbox_messages`))[0].n,
  });

  beforeAll(async () => {
    t = await createTestApp({ RSVP_RATE_LIMIT_PER_MINUTE: '100000' });
    ({ cityId, memberIds: m } = await cityWithMembers(t, 16, 'chg'));
  });
  afterAll(() => t.close());

  describe('cancellation', () => {
    it('cancels every live invitation, frees the seats and offers, and emails each of those members a CANCEL', async () => {
      const meetupId = await scheduledMeetup(t, cityId, { capacityMax: 2 });
      const [gaveUp, seated, offered, waiting, pending, declined] = m.slice(0, 6);
      const tokens = await invite(t, meetupId, [gaveUp, seated, offered, waiting, pending, declined]);
      await acceptAll(t, tokens, [gaveUp, seated, offered, waiting]);
      await answer(t, tokens.get(declined)!, 'decline');
      // gaveUp's seat becomes an open offer for `offered`; `waiting` stays in line.
      await answer(t, tokens.get(gaveUp)!, 'decline');
      expect((await invitationOf(t, meetupId, offered)).offer_expires_at).not.toBeNull();
      expect((await meetupRow(t, meetupId)).seats_taken).toBe(2);
      const [invitationMail] = (await outboxOf(t, 'invitation', meetupId)).filter((o) => o.member_id === seated);

      await api('post', `/api/meetups/${meetupId}/status`, { status: 'cancelled' }).expect(200);

      for (const id of [seated, offered, waiting, pending]) {
        expect(await invitationOf(t, meetupId, id)).toMatchObject({
          state: 'cancelled',
          waitlist_seq: null,
          offer_expires_at: null,
        });
      }
      expect((await invitationOf(t, meetupId, gaveUp)).state).toBe('declined');
      expect((await invitationOf(t, meetupId, declined)).state).toBe('declined');
      const meetup = await meetupRow(t, meetupId);
      expect(meetup).toMatchObject({ status: 'cancelled', seats_taken: 0, calendar_sequence: 1 });

      const mails = await outboxOf(t, 'meetup-cancelled', meetupId);
      expect(mails.map((o) => o.member_id).sort()).toEqual([seated, offered, waiting, pending].sort());
      const toSeated = mails.find((o) => o.member_id === seated)!;
      expect(toSeated.data.was).toBe('accepted');
      const cancel = ics(toSeated, 'meetup-cancelled.ics');
      const original = ics(invitationMail, 'meetup.ics');
      expect(cancel.cal.getFirstPropertyValue('method')).toBe('CANCEL');
      expect(cancel.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(cancel.event.uid).toBe(original.event.uid);
      expect(cancel.event.sequence).toBeGreaterThan(original.event.sequence);
      const got = await delivered(t, toSeated.message_id);
      expect(got.subject).toMatch(/^(Cancelled|已取消)：?:? ?Test meetup/);

      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM invitation_events e JOIN invitations i ON i.id = e.invitation_id
          WHERE i.meetup_id = $1 AND e.kind = 'meetup-cancelled'`,
        [meetupId],
      );
      expect(n).toBe(4);
      // Their links say so and take no answer.
      await http()
        .post(`/api/rsvp/${tokens.get(pending)!}`)
        .send({ answer: 'accept' })
        .expect(410);
    });

    it('happens in the cancel transaction: if anything in it fails, nothing is cancelled or sent', async () => {
      const meetupId = await scheduledMeetup(t, cityId);
      const tokens = await invite(t, meetupId, [m[6], m[7]]);
      await answer(t, tokens.get(m[6])!, 'accept');
      t.app.get(MeetupEvents).onCancelled(async (meetup) => {
        if (meetup.id === meetupId) throw new Error('the forum is down (test)');
      });
      const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      const before = await snapshot(meetupId);
      await api('post', `/api/meetups/${meetupId}/status`, { status: 'cancelled' }).expect(500);
      expect(await snapshot(meetupId)).toEqual(before);
      expect(logged).toHaveBeenCalledWith(expect.stringContaining('the forum is down (test)'));
      logged.mockRestore();
    });
  });

  describe('a new time or place', () => {
    it('sends accepted, waitlisted and pending members an update with the new .ics (same UID, higher SEQUENCE, city zone)', async () => {
      const [{ id: urumqi }] = await t.db.query(
        `INSERT INTO cities (name, time_zone) VALUES ('Urumqi changes', 'Asia/Urumqi') RETURNING id`,
      );
      const { memberIds } = await cityWithMembers(t, 4, 'uru');
      await t.db.query(`UPDATE members SET city_id = $1 WHERE id = ANY ($2::bigint[])`, [urumqi, memberIds]);
      const [accepted, waiting, pending, declined] = memberIds;
      const meetupId = await scheduledMeetup(t, urumqi, { capacityMax: 1 });
      const tokens = await invite(t, meetupId, [accepted, waiting, pending, declined]);
      await acceptAll(t, tokens, [accepted, waiting]);
      await answer(t, tokens.get(declined)!, 'decline');
      const [before] = await t.db.query(`SELECT starts_at FROM meetups WHERE id = $1`, [meetupId]);
      const { body: shown } = await http().get(`/api/meetups/${meetupId}`).set('Authorization', t.bearer).expect(200);
      const day = shown.startsAt.slice(0, 10);
      const confirmation = (await outboxOf(t, 'rsvp-changed', meetupId)).find((o) => o.member_id === accepted)!;

      const res = await api('patch', `/api/meetups/${meetupId}`, {
        startsAt: `${day}T20:00`,
        endsAt: `${day}T22:30`,
        venue: 'New hall',
      }).expect(200);
      expect(res.body.startsAt).toBe(`${day}T20:00`);
      expect((await meetupRow(t, meetupId)).calendar_sequence).toBe(1);

      const updates = await outboxOf(t, 'meetup-updated', meetupId);
      expect(updates.map((o) => o.member_id).sort()).toEqual([accepted, waiting, pending].sort());
      expect(updates.find((o) => o.member_id === waiting)!.attachments.map((a) => a.filename)).toEqual(['meetup.ics']);
      const toAccepted = updates.find((o) => o.member_id === accepted)!;
      expect(toAccepted.data.changes).toEqual([
        { fact: 'when', before: expect.stringContaining('19:00–21:30'), after: expect.stringContaining('20:00–22:30') },
        { fact: 'venue', before: 'Community hall', after: 'New hall' },
      ]);
      expect(toAccepted.attachments.map((a) => a.filename)).toEqual(['check-in.png', 'meetup.ics']);

      // The attachment as stored in the outbox, read by a calendar parser.
      const updated = ics(toAccepted, 'meetup.ics');
      const old = ics(confirmation, 'meetup.ics');
      expect(updated.cal.getFirstPropertyValue('method')).toBe('PUBLISH');
      expect(updated.event.uid).toBe(old.event.uid);
      // The accept sent version 1 (the invitation was 0); the change is the meetup's first, on top of it.
      expect(old.event.sequence).toBe(1);
      expect(updated.event.sequence).toBe(2);
      expect(updated.vevent.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Asia/Urumqi');
      expect(updated.cal.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))).toContain(
        'Asia/Urumqi',
      );
      expect(updated.event.startDate.hour).toBe(20);
      expect(updated.event.startDate.toJSDate().toISOString()).toBe(
        new Date(before.starts_at.getTime() + 3_600_000).toISOString(),
      );
      expect(updated.event.location).toContain('New hall');
      const got = await delivered(t, toAccepted.message_id);
      expect(got.text).toMatch(/19:00–21:30.*→.*20:00–22:30/);

      // A new title changes no calendar: nothing sent, SEQUENCE kept.
      await api('patch', `/api/meetups/${meetupId}`, { title: 'Renamed meetup' }).expect(200);
      expect(await outboxOf(t, 'meetup-updated', meetupId)).toHaveLength(3);
      expect((await meetupRow(t, meetupId)).calendar_sequence).toBe(1);

      // Each further change is its own update, with the next SEQUENCE.
      await api('patch', `/api/meetups/${meetupId}`, { address: '9 New Road' }).expect(200);
      const again = (await outboxOf(t, 'meetup-updated', meetupId)).filter((o) => o.member_id === accepted);
      expect(again).toHaveLength(2);
      expect(ics(again[1], 'meetup.ics').event.sequence).toBe(3);
    });

    it('refuses a capacity below the seats already taken with 409, changing nothing', async () => {
      const meetupId = await scheduledMeetup(t, cityId, { capacityMax: 5 });
      const tokens = await invite(t, meetupId, m.slice(8, 11));
      await acceptAll(t, tokens, m.slice(8, 11));
      const before = await snapshot(meetupId);
      const res = await api('patch', `/api/meetups/${meetupId}`, { capacityMax: 2, capacityMin: 1 }).expect(409);
      expect(res.body.message).toBe(
        'capacityMax 2 is below the 3 seats already taken (accepted members and open waitlist offers). Keep it at 3 or more.',
      );
      expect(await snapshot(meetupId)).toEqual(before);
      await api('patch', `/api/meetups/${meetupId}`, { capacityMax: 3 }).expect(200);
      expect((await meetupRow(t, meetupId)).capacity_max).toBe(3);
      await api('patch', `/api/meetups/${meetupId}`, { capacityMax: 'many' }).expect(400);
      await api('patch', '/api/meetups/999999', { venue: 'Nowhere' }).expect(404);
    });
  });

  describe('more seats', () => {
    const offersOf = async (meetupId: number) =>
      (
        await t.db.query(
          `SELECT member_id::text AS member_id FROM invitations
            WHERE meetup_id = $1 AND offer_expires_at IS NOT NULL ORDER BY waitlist_seq`,
          [meetupId],
        )
      ).map((r: { member_id: string }) => r.member_id);
    const position = async (token: string) => (await http().get(`/api/rsvp/${token}`).expect(200)).body.position;

    it('offers each new seat to the next in line, in order, by email, and the offered members accept from it', async () => {
      const { cityId: city, memberIds } = await cityWithMembers(t, 5, 'raise');
      const [a, b, first, second, third] = memberIds;
      const meetupId = await scheduledMeetup(t, city, { capacityMax: 2 });
      const tokens = await invite(t, meetupId, memberIds);
      await acceptAll(t, tokens, [a, b, first, second, third]);
      expect(await offersOf(meetupId)).toEqual([]);

      await api('patch', `/api/meetups/${meetupId}`, { capacityMax: 4 }).expect(200);

      expect(await offersOf(meetupId)).toEqual([first, second]);
      expect((await meetupRow(t, meetupId)).seats_taken).toBe(4);
      const offers = await outboxOf(t, 'waitlist-offer', meetupId);
      // One email each (the outbox keeps no order within one transaction).
      expect(offers.map((o) => o.member_id).sort()).toEqual([first, second].sort());
      expect(await invitationOf(t, meetupId, third)).toMatchObject({ state: 'waitlisted', offer_expires_at: null });
      expect(await position(tokens.get(third)!)).toBe(1);
      const [{ n: logged }] = await t.db.query(
        `SELECT count(*)::int AS n FROM invitation_events e JOIN invitations i ON i.id = e.invitation_id
          WHERE i.meetup_id = $1 AND e.kind = 'offer'`,
        [meetupId],
      );
      expect(logged).toBe(2);

      // Each offer says the member's real place in line, not "first" to the second in line.
      expect(offers.find((o) => o.member_id === first)!.data).toMatchObject({ place: 1 });
      expect(offers.find((o) => o.member_id === second)!.data).toMatchObject({ place: 2 });

      // Each follows the link in the offer email they received.
      for (const who of [first, second]) {
        const got = await delivered(t, offers.find((o) => o.member_id === who)!.message_id);
        const place = who === first ? 1 : 2;
        expect(got.text).not.toMatch(/first on the waitlist|候补第一位/);
        expect(got.text).toMatch(new RegExp(`number ${place} on the waitlist|候补第 ${place} 位`));
        const token = /\/rsvp\/([A-Za-z0-9_-]{43})/.exec(got.html)![1];
        expect(token).toBe(tokens.get(who));
        const res = await http().post(`/api/rsvp/${token}`).send({ answer: 'accept' }).expect(200);
        expect(res.body.change).toBe('offer-accepted');
      }
      const states = await t.db.query(
        `SELECT state, count(*)::int AS n FROM invitations WHERE meetup_id = $1 GROUP BY state ORDER BY state`,
        [meetupId],
      );
      expect(states).toEqual([
        { state: 'accepted', n: 4 },
        { state: 'waitlisted', n: 1 },
      ]);
      expect((await meetupRow(t, meetupId)).seats_taken).toBe(4);

      // One more seat: the third's turn; an edit that keeps the capacity offers nothing more.
      await api('patch', `/api/meetups/${meetupId}`, { capacityMax: 5 }).expect(200);
      expect(await offersOf(meetupId)).toEqual([third]);
      await api('patch', `/api/meetups/${meetupId}`, { title: 'Bigger meetup' }).expect(200);
      expect(await outboxOf(t, 'waitlist-offer', meetupId)).toHaveLength(3);
      expect((await meetupRow(t, meetupId)).seats_taken).toBe(5);
    });

    it('offers after the RSVP deadline too, as a freed seat would, but not when the start is too close nor when nobody waits', async () => {
      const { cityId: city, memberIds } = await cityWithMembers(t, 6, 'late');
      const [a, b, c, d, e, f] = memberIds;
      const late = await scheduledMeetup(t, city, { capacityMax: 1 });
      const tokens = await invite(t, late, [a, b]);
      await acceptAll(t, tokens, [a, b]);
      await t.db.query(`UPDATE meetups SET rsvp_deadline = now() - interval '1 minute' WHERE id = $1`, [late]);
      const before = await snapshot(late);
      await api('patch', `/api/meetups/${late}`, { capacityMax: 3 }).expect(200);
      const after = await snapshot(late);
      // b, the only one in line, holds an offer for one of the two new seats; the other stays free.
      expect(after.meetup).toMatchObject({ capacity_max: 3, seats_taken: 2 });
      expect(after.outbox).toBe(before.outbox + 1);
      const [offer] = await t.db.query(
        `SELECT member_id::text AS member, state, offer_expires_at IS NOT NULL AS offered FROM invitations
          WHERE meetup_id = $1 AND offer_expires_at IS NOT NULL`,
        [late],
      );
      expect(offer).toEqual({ member: b, state: 'waitlisted', offered: true });

      // Two hours before the start no offer is made (offer-window.ts): the new seat stays free. Whole minutes,
      // as the edit stores times: a time that moved by seconds would mail everyone an update.
      const soon = await scheduledMeetup(t, city, { capacityMax: 1, daysAhead: 40 });
      const soonTokens = await invite(t, soon, [e, f]);
      await acceptAll(t, soonTokens, [e, f]);
      await t.db.query(
        `UPDATE meetups SET rsvp_deadline = date_trunc('minute', now()) - interval '2 hours',
                starts_at = date_trunc('minute', now()) + interval '1 hour',
                ends_at = date_trunc('minute', now()) + interval '3 hours' WHERE id = $1`,
        [soon],
      );
      const held = await snapshot(soon);
      await api('patch', `/api/meetups/${soon}`, { capacityMax: 3 }).expect(200);
      const unchanged = await snapshot(soon);
      expect(unchanged.invitations).toEqual(held.invitations);
      expect(unchanged.outbox).toBe(held.outbox);
      expect(unchanged.meetup).toMatchObject({ capacity_max: 3, seats_taken: 1 });

      const quiet = await scheduledMeetup(t, city, { capacityMax: 2 });
      const quietTokens = await invite(t, quiet, [c, d]);
      await acceptAll(t, quietTokens, [c]);
      const was = await snapshot(quiet);
      await api('patch', `/api/meetups/${quiet}`, { capacityMax: 10 }).expect(200);
      const now = await snapshot(quiet);
      expect(now.invitations).toEqual(was.invitations);
      expect(now.outbox).toBe(was.outbox);
      expect(now.meetup).toMatchObject({ capacity_max: 10, seats_taken: 1 });
    });
  });
});
