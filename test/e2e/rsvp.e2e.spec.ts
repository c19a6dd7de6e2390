import request from 'supertest';
import { RsvpService } from '../../src/invitations/rsvp/rsvp.service';
import { unsubscribeToken } from '../../src/mail/unsubscribe-link';
import { cityWithMembers, invite, scheduledMeetup } from '../support/meetups';
import { createTestApp, TestApp } from '../support/test-app';

describe('RSVP from the email link', () => {
  let t: TestApp;
  let memberIds: string[];
  let cityId: number;
  const http = () => request(t.app.getHttpServer());
  const api = (token: string, answer: string) => http().post(`/api/rsvp/${token}`).send({ answer });
  const invitation = async (meetupId: number, memberId: string) =>
    (
      await t.db.query(
        `SELECT state, waitlist_seq, offer_expires_at, gave_up_seat_at, suspect FROM invitations WHERE meetup_id = $1 AND member_id = $2`,
        [meetupId, memberId],
      )
    )[0];
  const seats = async (meetupId: number) =>
    (await t.db.query(`SELECT seats_taken FROM meetups WHERE id = $1`, [meetupId]))[0].seats_taken as number;
  const outbox = async (template: string, memberId: string) =>
    (
      await t.db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE template = $1 AND member_id = $2`, [
        template,
        memberId,
      ])
    )[0].n as number;
  /** Everything an RSVP may change, to show that a GET changes none of it. */
  const snapshot = async () => ({
    invitations: await t.db.query(`SELECT * FROM invitations ORDER BY id`),
    meetups: await t.db.query(`SELECT * FROM meetups ORDER BY id`),
    members: await t.db.query(`SELECT id, invited_count, attended_count, no_show_count FROM members ORDER BY id`),
    outbox: await t.db.query(`SELECT id FROM outbox_messages ORDER BY id`),
    questions: await t.db.query(`SELECT * FROM questions ORDER BY id`),
  });

  beforeAll(async () => {
    t = await createTestApp({ RSVP_RATE_LIMIT_PER_MINUTE: '100000' });
    ({ cityId, memberIds } = await cityWithMembers(t, 8));
  });
  afterAll(() => t.close());

  it('shows the invitation on GET and HEAD, page and API, and changes nothing', async () => {
    const meetupId = await scheduledMeetup(t, cityId, { title: 'Scanner-proof meetup' });
    const tokens = await invite(t, meetupId, memberIds.slice(0, 2));
    const token = tokens.get(memberIds[0])!;
    const before = await snapshot();
    const page = await http().get(`/rsvp/${token}`).expect(200);
    expect(page.text).toContain('Scanner-proof meetup');
    expect(page.text).toMatch(/<form method="post" action="\/rsvp\/[A-Za-z0-9_-]{43}">/);
    expect(page.headers['cache-control']).toBe('no-store');
    await http().head(`/rsvp/${token}`).expect(200);
    await http().get(`/api/rsvp/${token}`).expect(200);
    await http().head(`/api/rsvp/${token}`).expect(200);
    await http().get(`/rsvp/${token}?changed=accepted`).expect(200);
    expect(await snapshot()).toEqual(before);
    // Only the log grows: it is what tells a scanner from a person.
    const kinds = await t.db.query(
      `SELECT kind FROM invitation_events e JOIN invitations i ON i.id = e.invitation_id WHERE i.member_id = $1 ORDER BY e.id`,
      [memberIds[0]],
    );
    expect(kinds.map((k: { kind: string }) => k.kind)).toEqual(['view', 'head', 'view', 'head', 'view']);
  });

  it('changes nothing on a GET of any link the emails hold, whatever the invitation state', async () => {
    const {
      cityId: city,
      memberIds: [a, b, c],
    } = await cityWithMembers(t, 3, 'getsafe');
    const meetupId = await scheduledMeetup(t, city, { capacityMax: 1 });
    const tokens = await invite(t, meetupId, [a, b, c]);
    await api(tokens.get(a)!, 'accept').expect(200);
    await api(tokens.get(b)!, 'accept').expect(200);
    await api(tokens.get(c)!, 'accept').expect(200);
    await api(tokens.get(a)!, 'decline').expect(200);
    // Now: a declined, b holds an open seat offer, c waits in line; every state a scanner may meet.
    expect((await invitation(meetupId, b)).offer_expires_at).not.toBeNull();
    const unsubscribed = async () =>
      t.db.query(`SELECT id, unsubscribed_at FROM members WHERE id = ANY ($1::bigint[]) ORDER BY id`, [[a, b, c]]);
    const before = { ...(await snapshot()), unsubscribed: await unsubscribed() };
    for (const member of [a, b, c]) {
      const token = tokens.get(member)!;
      await http().get(`/rsvp/${token}`).expect(200);
      await http().head(`/rsvp/${token}`).expect(200);
      await http().get(`/api/rsvp/${token}`).expect(200);
      await http().get(`/api/rsvp/${token}/questions`);
      // The unsubscribe link every email carries asks first; only its POST unsubscribes.
      await http()
        .get(`/unsubscribe/${unsubscribeToken(t.env.APP_SECRET!, member)}`)
        .expect(200);
    }
    expect({ ...(await snapshot()), unsubscribed: await unsubscribed() }).toEqual(before);
  });

  it('accepts from the page button, confirms by email with a check-in code and calendar, and lets the member change their mind', async () => {
    const meetupId = await scheduledMeetup(t, cityId);
    const tokens = await invite(t, meetupId, [memberIds[2]]);
    const token = tokens.get(memberIds[2])!;
    await http().get(`/rsvp/${token}`).expect(200);
    const accepted = await http().post(`/rsvp/${token}`).type('form').send({ answer: 'accept' }).expect(303);
    expect(accepted.headers.location).toBe(`/rsvp/${token}?changed=accepted`);
    expect(await invitation(meetupId, memberIds[2])).toMatchObject({ state: 'accepted' });
    expect(await seats(meetupId)).toBe(1);
    const [mail] = await t.db.query(
      `SELECT data, attachments FROM outbox_messages WHERE template = 'rsvp-changed' AND member_id = $1`,
      [memberIds[2]],
    );
    expect(mail.data.change).toBe('accepted');
    expect(mail.attachments.map((a: { filename: string }) => a.filename)).toEqual(['check-in.png', 'meetup.ics']);
    // The link in the outbox is sealed, never in the clear.
    expect(JSON.stringify(mail.data)).not.toContain(token);

    await http().post(`/rsvp/${token}`).type('form').send({ answer: 'decline' }).expect(303);
    expect(await invitation(meetupId, memberIds[2])).toMatchObject({ state: 'declined' });
    expect((await invitation(meetupId, memberIds[2])).gave_up_seat_at).not.toBeNull();
    expect(await seats(meetupId)).toBe(0);
    await http().post(`/rsvp/${token}`).type('form').send({ answer: 'accept' }).expect(303);
    expect(await invitation(meetupId, memberIds[2])).toMatchObject({ state: 'accepted' });
    expect(await outbox('rsvp-changed', memberIds[2])).toBe(3);
    // The same answer again changes nothing and sends nothing.
    const same = await api(token, 'accept').expect(200);
    expect(same.body.change).toBeNull();
    expect(await outbox('rsvp-changed', memberIds[2])).toBe(3);
  });

  it('waitlists a member when the meetup is full and offers the seat a decline frees to the first in line', async () => {
    const meetupId = await scheduledMeetup(t, cityId, { capacityMax: 2 });
    const [a, b, c, d] = memberIds.slice(3, 7);
    const tokens = await invite(t, meetupId, [a, b, c, d]);
    await api(tokens.get(a)!, 'accept').expect(200);
    await api(tokens.get(b)!, 'accept').expect(200);
    const third = await api(tokens.get(c)!, 'accept').expect(200);
    expect(third.body).toMatchObject({ change: 'waitlisted', view: { state: 'waitlisted', position: 1 } });
    const fourth = await api(tokens.get(d)!, 'accept').expect(200);
    expect(fourth.body.view.position).toBe(2);
    expect(await seats(meetupId)).toBe(2);

    // a gives up the seat: c (first in line) gets an offer that holds it; d moves up.
    await api(tokens.get(a)!, 'decline').expect(200);
    expect(await seats(meetupId)).toBe(2);
    const offered = await invitation(meetupId, c);
    expect(offered.state).toBe('waitlisted');
    expect(offered.offer_expires_at.getTime()).toBeGreaterThan(Date.now());
    expect(await outbox('waitlist-offer', c)).toBe(1);
    expect(
      (
        await http()
          .get(`/api/rsvp/${tokens.get(d)!}`)
          .expect(200)
      ).body.position,
    ).toBe(1);

    // a changes their mind: the seat is c's now, so a joins the end of the line.
    const back = await api(tokens.get(a)!, 'accept').expect(200);
    expect(back.body).toMatchObject({ change: 'waitlisted', view: { position: 2 } });

    const taken = await api(tokens.get(c)!, 'accept').expect(200);
    expect(taken.body.change).toBe('offer-accepted');
    expect(await invitation(meetupId, c)).toMatchObject({
      state: 'accepted',
      waitlist_seq: null,
      offer_expires_at: null,
    });
    const counts = await t.db.query(
      `SELECT count(*) FILTER (WHERE state = 'accepted')::int AS accepted, count(*) FILTER (WHERE state = 'waitlisted')::int AS waiting
         FROM invitations WHERE meetup_id = $1`,
      [meetupId],
    );
    expect(counts[0]).toEqual({ accepted: 2, waiting: 2 });
  });

  it('passes an offer that runs out to the next in line and tells the member', async () => {
    const meetupId = await scheduledMeetup(t, cityId, { capacityMax: 1 });
    const [a, b, c] = [memberIds[0], memberIds[1], memberIds[7]];
    const tokens = await invite(t, meetupId, [a, b, c]);
    for (const m of [a, b, c]) await api(tokens.get(m)!, 'accept').expect(200);
    await api(tokens.get(a)!, 'decline').expect(200);
    const offer = await invitation(meetupId, b);
    expect(offer.offer_expires_at).not.toBeNull();
    const expired = await t.app.get(RsvpService).expireOffers(new Date(offer.offer_expires_at.getTime() + 1000));
    expect(expired).toBeGreaterThanOrEqual(1);
    expect(await invitation(meetupId, b)).toMatchObject({ state: 'expired', offer_expires_at: null });
    expect((await invitation(meetupId, c)).offer_expires_at).not.toBeNull();
    expect(await outbox('offer-expired', b)).toBe(1);
    expect(await seats(meetupId)).toBe(1);
    // The expired invitation's link answers 410 and says why.
    const gone = await http()
      .get(`/rsvp/${tokens.get(b)!}`)
      .expect(410);
    expect(gone.text).toContain('rsvp-state-expired');
    expect(gone.text).not.toContain('name="answer"');
    await api(tokens.get(b)!, 'accept').expect(410);
  });

  it('answers an unknown or tampered link with a plain 404 page, and bad answers with 400, changing nothing', async () => {
    const meetupId = await scheduledMeetup(t, cityId);
    const tokens = await invite(t, meetupId, [memberIds[5]]);
    const token = tokens.get(memberIds[5])!;
    const before = await snapshot();
    const tampered = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    for (const bad of [tampered, 'not-a-token', token.slice(0, 20)]) {
      const page = await http().get(`/rsvp/${bad}`).expect(404);
      expect(page.text).toContain('This link is not valid');
      await http().post(`/rsvp/${bad}`).type('form').send({ answer: 'accept' }).expect(404);
      await api(bad, 'accept').expect(404);
    }
    const wrong = await api(token, 'maybe').expect(400);
    expect(wrong.body.message).toBe('answer must be accept or decline');
    await http().post(`/api/rsvp/${token}`).send({ answer: 'accept', extra: 1 }).expect(400);
    expect(await snapshot()).toEqual(before);
  });

  it('flags an answer with no page view right after delivery as looking automated, and still takes it', async () => {
    const meetupId = await scheduledMeetup(t, cityId);
    const tokens = await invite(t, meetupId, [memberIds[6]]);
    await api(tokens.get(memberIds[6])!, 'accept').expect(200);
    await api(tokens.get(memberIds[6])!, 'decline').expect(200);
    const inv = await invitation(meetupId, memberIds[6]);
    expect(inv).toMatchObject({ state: 'declined', suspect: true });
    const [flag] = await t.db.query(
      `SELECT detail FROM invitation_events e JOIN invitations i ON i.id = e.invitation_id
        WHERE i.meetup_id = $1 AND kind = 'looks-automated' ORDER BY e.id DESC LIMIT 1`,
      [meetupId],
    );
    expect(flag.detail.signs).toEqual(expect.arrayContaining(['no-page-view', 'flip-flop']));
  });

  it('says a cancelled meetup is cancelled and refuses answers with 410', async () => {
    const meetupId = await scheduledMeetup(t, cityId);
    const tokens = await invite(t, meetupId, [memberIds[4]]);
    await http()
      .post(`/api/meetups/${meetupId}/status`)
      .set('Authorization', t.bearer)
      .send({ status: 'cancelled' })
      .expect(200);
    const page = await http()
      .get(`/rsvp/${tokens.get(memberIds[4])!}`)
      .expect(200);
    // Member 4 reads Chinese (the factory gives every third member English).
    expect(page.text).toContain('很抱歉，本场同城会已取消。');
    expect(page.text).not.toContain('name="answer"');
    await api(tokens.get(memberIds[4])!, 'accept').expect(410);
  });
});
