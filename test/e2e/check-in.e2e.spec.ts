import request from 'supertest';
import { checkInCode } from '../../src/invitations/core/check-in-code';
import { InvitationMail } from '../../src/invitations/core/invitation-mail';
import { csrfFrom, signedIn } from '../support/accounts';
import { acceptAll, answer, atTheDoor, invitationOf, meetupRow } from '../support/check-in';
import { cityWithMembers, invite, scheduledMeetup, tokensOf } from '../support/meetups';
import { createTestApp, TestApp } from '../support/test-app';

type Agent = Awaited<ReturnType<typeof signedIn>>;

describe('check-in at the door', () => {
  let t: TestApp;
  let m: string[];
  let cityId: number;
  let meetupId: number;
  let steward: Agent;
  let staff: Agent;
  let engineer: Agent;
  /** Accepted: a, b, c (capacity 3); d waitlisted; e declined; f never answered. */
  let a: string, b: string, c: string, d: string, e: string, f: string;
  const inv = (memberId: string, meetup = meetupId) => invitationOf(t, meetup, memberId);
  const code = async (memberId: string) => checkInCode(t.env.APP_SECRET!, (await inv(memberId)).id);
  const nameOf = (memberId: string) => `Fan door ${m.indexOf(memberId)}`;
  const bearer = (method: 'get' | 'post', path: string) =>
    request(t.app.getHttpServer())[method](path).set('Authorization', t.bearer);
  const arrivedCount = async () =>
    (
      await t.db.query(
        `SELECT count(checked_in_at)::int AS n FROM invitations WHERE meetup_id = $1 AND state = 'accepted'`,
        [meetupId],
      )
    )[0].n as number;
  const snapshot = async () => ({
    invitations: await t.db.query(`SELECT * FROM invitations ORDER BY id`),
    events: await t.db.query(`SELECT id, kind FROM invitation_events ORDER BY id`),
    meetups: await t.db.query(`SELECT * FROM meetups ORDER BY id`),
  });
  const csrfOf = async (agent: Agent, path: string) => csrfFrom((await agent.agent.get(path).expect(200)).text);

  beforeAll(async () => {
    t = await createTestApp({ RSVP_RATE_LIMIT_PER_MINUTE: '100000' });
    ({ cityId, memberIds: m } = await cityWithMembers(t, 12, 'door'));
    [a, b, c, d, e, f] = m;
    meetupId = await scheduledMeetup(t, cityId, { capacityMax: 3, title: 'Door meetup' });
    const tokens = await invite(t, meetupId, [a, b, c, d, e, f]);
    await acceptAll(t, tokens, [c, a, b, d]);
    await answer(t, tokens.get(e)!, 'decline');
    await atTheDoor(t, meetupId, 60);
    [steward, staff, engineer] = [
      await signedIn(t, 'steward'),
      await signedIn(t, 'staff'),
      await signedIn(t, 'engineer'),
    ];
  });
  afterAll(() => t.close());

  describe('the check-in page', () => {
    it('lists every accepted attendee by name, and only them, with the count', async () => {
      const page = await steward.agent.get(`/meetups/${meetupId}/check-in`).expect(200);
      const names = [...page.text.matchAll(/<tr id="attendee-\d+"[^>]*>\s*<td>([^<]+)<\/td>/g)].map((x) => x[1]);
      expect(names).toEqual([nameOf(a), nameOf(b), nameOf(c)]);
      expect(page.text).not.toContain(nameOf(d));
      expect(page.text).toContain('Arrived 0 of 3 accepted (capacity 3)');
      expect(page.text).toContain('<script src="/assets/check-in.js" defer></script>');
    });

    it('searches by part of the name or the email, and says when nothing matches', async () => {
      const byEmail = await steward.agent.get(`/meetups/${meetupId}/check-in?q=DOOR-1@`).expect(200);
      expect(byEmail.text).toContain(nameOf(b));
      expect(byEmail.text).not.toContain(nameOf(a));
      const byName = await steward.agent.get(`/meetups/${meetupId}/check-in?q=door 2`).expect(200);
      expect(byName.text).toContain(nameOf(c));
      expect(byName.text).not.toContain(nameOf(b));
      // The member's own % and _ are letters, not wildcards.
      const none = await steward.agent.get(`/meetups/${meetupId}/check-in?q=${encodeURIComponent('%')}`).expect(200);
      expect(none.text).toContain('No accepted attendee matches &quot;%&quot;');
      const api = await bearer('get', `/api/meetups/${meetupId}/attendees?q=door-0`).expect(200);
      expect(api.body.attendees.map((x: { name: string }) => x.name)).toEqual([nameOf(a)]);
      expect(api.body.counts).toEqual({ arrived: 0, accepted: 3, capacity: 3 });
      expect(api.body.window.open).toBe(true);
    });

    it('marks arrived and undoes with POST buttons, logs who did it, and the count follows', async () => {
      const { id } = await inv(a);
      const csrf = await csrfOf(steward, `/meetups/${meetupId}/check-in`);
      const marked = await steward.agent
        .post(`/meetups/${meetupId}/check-in/${id}`)
        .type('form')
        .send({ _csrf: csrf, q: 'door' })
        .expect(303);
      expect(marked.headers.location).toBe(`/meetups/${meetupId}/check-in?q=door#attendee-${id}`);
      const after = await steward.agent.get(marked.headers.location).expect(200);
      expect(after.text).toContain(`${nameOf(a)} has arrived.`);
      expect(after.text).toContain('Arrived 1 of 3 accepted (capacity 3)');
      expect(await inv(a)).toMatchObject({ checked_in_by: steward.account.id });
      expect((await inv(a)).checked_in_at).not.toBeNull();

      // A double click counts once.
      await steward.agent.post(`/meetups/${meetupId}/check-in/${id}`).type('form').send({ _csrf: csrf }).expect(303);
      const twice = await steward.agent.get(`/meetups/${meetupId}/check-in`).expect(200);
      expect(twice.text).toContain(`${nameOf(a)} had already arrived: counted once.`);
      expect(await arrivedCount()).toBe(1);

      await steward.agent
        .post(`/meetups/${meetupId}/check-in/${id}/undo`)
        .type('form')
        .send({ _csrf: csrf })
        .expect(303);
      expect(await inv(a)).toMatchObject({ checked_in_at: null, checked_in_by: null });
      const [log] = await t.db.query(
        `SELECT array_agg(kind ORDER BY id) AS kinds, (array_agg(detail ORDER BY id))[1] AS first
           FROM invitation_events WHERE invitation_id = $1 AND kind LIKE 'check-in%'`,
        [id],
      );
      expect(log.kinds).toEqual(['check-in', 'check-in-undone']);
      expect(log.first).toMatchObject({ by: steward.account.id, via: 'desk' });
    });

    it('keeps the flash for the page when the live count or the favicon is fetched in between', async () => {
      const { id } = await inv(b);
      const csrf = await csrfOf(steward, `/meetups/${meetupId}/check-in`);
      await steward.agent.post(`/meetups/${meetupId}/check-in/${id}`).type('form').send({ _csrf: csrf }).expect(303);
      await steward.agent.get(`/api/meetups/${meetupId}/attendees/count`).set('Accept', 'application/json').expect(200);
      await steward.agent.get('/favicon.ico').set('Accept', 'image/avif,image/webp,image/*,*/*;q=0.8').expect(404);
      const page = await steward.agent.get(`/meetups/${meetupId}/check-in`).set('Accept', 'text/html').expect(200);
      expect(page.text).toContain(`${nameOf(b)} has arrived.`);
      await steward.agent
        .post(`/meetups/${meetupId}/check-in/${id}/undo`)
        .type('form')
        .send({ _csrf: csrf })
        .expect(303);
      await steward.agent.get(`/meetups/${meetupId}/check-in`).expect(200);
    });

    it('answers the live count and the API buttons as JSON', async () => {
      const { id } = await inv(b);
      const done = await bearer('post', `/api/meetups/${meetupId}/attendees/${id}/check-in`).expect(200);
      expect(done.body).toMatchObject({ changed: true, counts: { arrived: 1, accepted: 3, capacity: 3 } });
      expect(done.body.attendee).toMatchObject({ invitationId: id, name: nameOf(b) });
      const count = await steward.agent.get(`/api/meetups/${meetupId}/attendees/count`).expect(200);
      expect(count.body).toEqual({ arrived: 1, accepted: 3, capacity: 3 });
      const undone = await bearer('post', `/api/meetups/${meetupId}/attendees/${id}/undo-check-in`).expect(200);
      expect(undone.body).toMatchObject({ changed: true, counts: { arrived: 0 } });
      const again = await bearer('post', `/api/meetups/${meetupId}/attendees/${id}/undo-check-in`).expect(200);
      expect(again.body.changed).toBe(false);
    });

    it('counts one arrival when many stewards mark the same person at once', async () => {
      const { id } = await inv(c);
      const results = await Promise.all(
        Array.from({ length: 12 }, () => bearer('post', `/api/meetups/${meetupId}/attendees/${id}/check-in`)),
      );
      expect(results.map((r) => r.status)).toEqual(Array(12).fill(200));
      expect(results.filter((r) => r.body.changed)).toHaveLength(1);
      expect(await arrivedCount()).toBe(1);
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM invitation_events WHERE invitation_id = $1 AND kind = 'check-in'`,
        [id],
      );
      expect(n).toBe(1);
      await bearer('post', `/api/meetups/${meetupId}/attendees/${id}/undo-check-in`).expect(200);
    });
  });

  describe('the scan URL of the QR code', () => {
    it('is the check-in URL the confirmation email encodes', async () => {
      const { id } = await inv(a);
      expect(t.app.get(InvitationMail).checkInUrl(id)).toBe(`http://localhost:3000/check-in/${await code(a)}`);
    });

    it('shows the attendee on GET without changing anything, and checks in on POST', async () => {
      const path = `/check-in/${await code(a)}`;
      const before = await snapshot();
      const page = await steward.agent.get(path).expect(200);
      await steward.agent.head(path).expect(200);
      expect(await snapshot()).toEqual(before);
      expect(page.text).toContain(`<h1>${nameOf(a)}</h1>`);
      expect(page.text).toContain('Accepted: welcome them in.');
      expect(page.text).toContain(`<form method="post" action="${path}">`);

      await steward.agent
        .post(path)
        .type('form')
        .send({ _csrf: csrfFrom(page.text) })
        .expect(303)
        .expect('Location', path);
      expect((await inv(a)).checked_in_at).not.toBeNull();
      const arrived = await steward.agent.get(path).expect(200);
      expect(arrived.text).toContain(`${nameOf(a)} has arrived.`);
      expect(arrived.text).toMatch(/Already arrived at .+ \(checked in by steward \d+\)\./);
      expect(arrived.text).not.toContain(`<form method="post" action="${path}">`);
      // A second scan of the same code counts once.
      await staff.agent
        .post(path)
        .type('form')
        .send({ _csrf: await csrfOf(staff, path) })
        .expect(303);
      expect(await arrivedCount()).toBe(1);
      await steward.agent
        .post(`${path}/undo`)
        .type('form')
        .send({ _csrf: csrfFrom(arrived.text) })
        .expect(303);
      expect((await inv(a)).checked_in_at).toBeNull();
    });

    it('says clearly why a member who did not accept is not on the list, and checks nobody in', async () => {
      const cases: [string, RegExp][] = [
        [d, /On the waitlist \(number 1\), without a seat: not on the list\./],
        [e, /Declined the invitation: not on the list\./],
        [f, /Has not answered the invitation: not on the list\./],
      ];
      for (const [member, sentence] of cases) {
        const path = `/check-in/${await code(member)}`;
        const page = await steward.agent.get(path).expect(200);
        expect(page.text).toMatch(sentence);
        expect(page.text).not.toContain(`action="${path}"`);
        const before = await snapshot();
        const refused = await steward.agent
          .post(path)
          .type('form')
          .send({ _csrf: csrfFrom(page.text) })
          .expect(409);
        expect(refused.text).toContain('only members who accepted can be checked in');
        expect(await snapshot()).toEqual(before);
      }
    });

    it('answers an invalid or tampered code with a clear 404 page', async () => {
      const good = await code(a);
      const tampered = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
      const before = await snapshot();
      for (const bad of [tampered, '12.notarealcode', 'nonsense', `999999.${good.split('.')[1]}`]) {
        const page = await steward.agent.get(`/check-in/${encodeURIComponent(bad)}`).expect(404);
        expect(page.text).toContain('This check-in code is not valid');
        await steward.agent
          .post(`/check-in/${encodeURIComponent(bad)}`)
          .type('form')
          .send({ _csrf: csrfFrom(page.text) })
          .expect(404);
      }
      // A code for an invitation that does not exist, signed properly, is just as invalid.
      await steward.agent.get(`/check-in/${checkInCode(t.env.APP_SECRET!, '999999')}`).expect(404);
      expect(await snapshot()).toEqual(before);
    });

    it('sends a visitor without a session to sign in first, and back', async () => {
      const path = `/check-in/${await code(a)}`;
      const res = await request(t.app.getHttpServer()).get(path).expect(303);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    });
  });

  describe('the printable roster', () => {
    it('lists accepted attendees with a tick column, the waitlist below, and prints without the navigation', async () => {
      const page = await steward.agent.get(`/meetups/${meetupId}/roster`).expect(200);
      const [attendees, waitlist] = page.text.split('<h2>Waitlist</h2>');
      for (const id of [a, b, c]) expect(attendees).toContain(nameOf(id));
      expect(attendees).toContain('door-0@example.com');
      expect((attendees.match(/class="tick-box"/g) ?? []).length).toBe(3);
      expect(waitlist).toContain(nameOf(d));
      expect(waitlist).not.toContain(nameOf(e));
      const css = await request(t.app.getHttpServer()).get('/assets/app.css').expect(200);
      expect(css.text).toMatch(/@media print \{[^@]*\.site-header[^}]*display: none/);
    });
  });

  describe('who may use the door', () => {
    it('lets stewards use only the check-in pages, the scan URL and the roster', async () => {
      const allowed = [
        '/check-in',
        `/meetups/${meetupId}/check-in`,
        `/meetups/${meetupId}/roster`,
        `/check-in/${await code(a)}`,
        `/api/meetups/${meetupId}/attendees`,
        `/api/meetups/${meetupId}/attendees/count`,
      ];
      for (const path of allowed) await steward.agent.get(path).expect(200);
      for (const path of ['/members', '/cities', '/engineers', '/mailbox', '/accounts', '/api/meetups', '/api/members'])
        await steward.agent.get(path).expect(403);
      const csrf = await csrfOf(steward, '/check-in');
      await steward.agent
        .patch(`/api/meetups/${meetupId}`)
        .set('X-CSRF-Token', csrf)
        .send({ venue: 'Somewhere else' })
        .expect(403);
      await steward.agent
        .post(`/api/meetups/${meetupId}/status`)
        .set('X-CSRF-Token', csrf)
        .send({ status: 'cancelled' })
        .expect(403);
      expect((await meetupRow(t, meetupId)).status).not.toBe('cancelled');
    });

    it('shows stewards who is coming only while the door is open (from 3 hours before the start)', async () => {
      const later = await scheduledMeetup(t, cityId, { title: 'Next week' });
      const tokens = await invite(t, later, [m[9]]);
      await answer(t, tokens.get(m[9])!, 'accept');
      const laterCode = checkInCode(t.env.APP_SECRET!, (await inv(m[9], later)).id);
      for (const path of [
        `/meetups/${later}/check-in`,
        `/meetups/${later}/roster`,
        `/check-in/${laterCode}`,
        `/api/meetups/${later}/attendees`,
      ]) {
        const refused = await steward.agent.get(path).expect(403);
        expect(refused.text).toContain('Stewards see who is coming to this meetup while its door is open');
        expect(refused.text).not.toContain(nameOf(m[9]));
      }
      // Staff plan with the list and see it any time; the steward sees the meetup at the door today.
      await staff.agent.get(`/meetups/${later}/roster`).expect(200);
      await steward.agent.get(`/meetups/${meetupId}/roster`).expect(200);
    });

    it('refuses engineers on every door page and API', async () => {
      const { id } = await inv(b);
      for (const path of [
        '/check-in',
        `/meetups/${meetupId}/check-in`,
        `/meetups/${meetupId}/roster`,
        `/check-in/${await code(b)}`,
        `/api/meetups/${meetupId}/attendees`,
      ])
        await engineer.agent.get(path).expect(403);
      const csrf = await csrfOf(engineer, '/');
      await engineer.agent.post(`/meetups/${meetupId}/check-in/${id}`).type('form').send({ _csrf: csrf }).expect(403);
      expect((await inv(b)).checked_in_at).toBeNull();
    });

    it('lists the meetups at the door for stewards, linked from the menu', async () => {
      const page = await steward.agent.get('/check-in').expect(200);
      expect(page.text).toContain('Door meetup');
      expect(page.text).toContain(`href="/meetups/${meetupId}/check-in"`);
      expect(page.text).toContain('<a href="/check-in" aria-current="page">Check-in</a>');
    });
  });

  describe('refusals', () => {
    it('refuses check-in outside the meetup day and bad input with a 4xx, changing nothing', async () => {
      const later = await scheduledMeetup(t, cityId, { title: 'Not today' });
      const tokens = await invite(t, later, [m[8]]);
      await answer(t, tokens.get(m[8])!, 'accept');
      const laterInv = (await inv(m[8], later)).id;
      const { id } = await inv(b);
      const before = await snapshot();
      const early = await bearer('post', `/api/meetups/${later}/attendees/${laterInv}/check-in`).expect(409);
      expect(early.body.message).toMatch(/^Check-in for this meetup opens at .+ \(3 hours before the start\)\.$/);
      const page = await staff.agent.get(`/meetups/${later}/check-in`).expect(200);
      expect(page.text).toContain('Check-in opens at');
      expect(page.text).not.toContain('Mark arrived');
      await bearer('post', `/api/meetups/${meetupId}/attendees/abc/check-in`).expect(400);
      await bearer('post', `/api/meetups/x/attendees/${id}/check-in`).expect(400);
      // An invitation of another meetup, and a meetup that does not exist.
      await bearer('post', `/api/meetups/${meetupId}/attendees/${laterInv}/check-in`).expect(404);
      await bearer('post', `/api/meetups/999999/attendees/${id}/check-in`).expect(404);
      await bearer('get', `/api/meetups/999999/attendees`).expect(404);
      await bearer('get', `/api/meetups/${meetupId}/attendees?q=${'x'.repeat(101)}`).expect(400);
      await steward.agent.get(`/meetups/999999/check-in`).expect(404);
      await steward.agent.get(`/meetups/999999/roster`).expect(404);
      const csrf = await csrfOf(steward, `/meetups/${meetupId}/check-in`);
      await steward.agent
        .post(`/meetups/${meetupId}/check-in/${id}`)
        .type('form')
        .send({ _csrf: csrf, extra: 'field' })
        .expect(400);
      await steward.agent.post(`/meetups/${meetupId}/check-in/${id}`).type('form').send({}).expect(403);
      expect(await snapshot()).toEqual(before);
    });

    it('takes a check-in back when the member then says they cannot come after all', async () => {
      // Check-in opens before the start, and an accepted member may step back until then (rsvp-rules).
      const { id } = await inv(b);
      await bearer('post', `/api/meetups/${meetupId}/attendees/${id}/check-in`).expect(200);
      const change = await answer(t, (await tokensOf(t, meetupId)).get(b)!, 'decline');
      expect(change.body.change).toBe('declined');
      expect(await inv(b)).toMatchObject({ state: 'declined', checked_in_at: null, checked_in_by: null });
      const count = await bearer('get', `/api/meetups/${meetupId}/attendees/count`).expect(200);
      expect(count.body).toMatchObject({ arrived: 0, accepted: 2 });
    });
  });
});
