import { signedIn } from '../support/accounts';
import request from 'supertest';
import { MeetupEvents } from '../../src/meetups/meetup-events';
import { createTestApp, TestApp } from '../support/test-app';

describe('meetups', () => {
  let t: TestApp;
  let shanghai: number;
  let urumqi: number;
  const cancelled: number[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    [{ id: shanghai }] = await t.db.query(`INSERT INTO cities (name) VALUES ('Shanghai') RETURNING id`);
    [{ id: urumqi }] = await t.db.query(
      `INSERT INTO cities (name, time_zone) VALUES ('Urumqi', 'Asia/Urumqi') RETURNING id`,
    );
    t.app.get(MeetupEvents).onCancelled(async (m) => {
      cancelled.push(m.id);
    });
  });
  afterAll(() => t.close());

  const http = () => request(t.app.getHttpServer());
  const post = (path: string, body: object) => http().post(path).set('Authorization', t.bearer).send(body);
  const meetup = (over: object = {}) => ({
    cityId: shanghai,
    title: 'Shanghai meetup',
    startsAt: '2026-12-05T19:00',
    endsAt: '2026-12-05T22:00',
    rsvpDeadline: '2026-12-01T23:59',
    ...over,
  });

  it('stores 19:00 Asia/Shanghai as 11:00Z and shows 19:00, with default capacities', async () => {
    const res = await post('/api/meetups', meetup()).expect(201);
    expect(res.body).toMatchObject({
      startsAt: '2026-12-05T19:00',
      startsAtUtc: '2026-12-05T11:00:00.000Z',
      capacityMin: 30,
      capacityMax: 50,
      seatsTaken: 0,
      status: 'draft',
      allowedTransitions: ['scheduled', 'cancelled'],
    });
    const [row] = await t.db.query(`SELECT starts_at FROM meetups WHERE id = $1`, [res.body.id]);
    expect(row.starts_at.toISOString()).toBe('2026-12-05T11:00:00.000Z');
  });

  it('uses the city zone for Urumqi too', async () => {
    const res = await post('/api/meetups', meetup({ cityId: urumqi, title: 'Urumqi' })).expect(201);
    expect(res.body).toMatchObject({ startsAt: '2026-12-05T19:00', startsAtUtc: '2026-12-05T13:00:00.000Z' });
  });

  it('refuses an overlapping meetup in the same city with 409, and changes nothing', async () => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM meetups'))[0].n;
    const res = await post('/api/meetups', meetup({ startsAt: '2026-12-05T21:00', endsAt: '2026-12-05T23:00' })).expect(
      409,
    );
    expect(res.body.message).toMatch(/overlaps/);
    expect((await t.db.query('SELECT count(*)::int AS n FROM meetups'))[0].n).toBe(before);
  });

  it('refuses bad input with 400', async () => {
    await post(
      '/api/meetups',
      meetup({
        capacityMin: 60,
        capacityMax: 50,
        startsAt: '2027-01-01T19:00',
        endsAt: '2027-01-01T20:00',
        rsvpDeadline: undefined,
      }),
    ).expect(400);
    await post('/api/meetups', meetup({ capacityMax: 501 })).expect(400);
    await post('/api/meetups', meetup({ rsvpDeadline: '2026-12-06T10:00' })).expect(400);
    await post('/api/meetups', meetup({ startsAt: 'tomorrow' })).expect(400);
    await post('/api/meetups', meetup({ cityId: 99999 })).expect(400);
  });

  it('answers an id no meetup can have with 404 and a malformed one with 400, never a 500', async () => {
    const { agent } = await signedIn(t, 'staff');
    for (const [id, status] of [
      ['99999999999', 404],
      ['0', 404],
      ['abc', 400],
      ['-1', 400],
    ] as const) {
      await http().get(`/api/meetups/${id}`).set('Authorization', t.bearer).expect(status);
      await http().get(`/api/meetups/${id}/attendees/count`).set('Authorization', t.bearer).expect(status);
      await http().get(`/api/meetups/${id}/announcement`).set('Authorization', t.bearer).expect(status);
      await agent.get(`/meetups/${id}`).expect(status);
    }
    const api = await http().get('/api/meetups/x1').set('Authorization', t.bearer).expect(400);
    expect(api.body.message).toBe('id must be a whole number.');
    await http().get('/api/meetups?cityId=99999999999').set('Authorization', t.bearer).expect(404);
    await http().get('/api/engineers/99999999999').set('Authorization', t.bearer).expect(404);
  });

  it('refuses the NUL character, which PostgreSQL text cannot hold, with 400 and stores nothing', async () => {
    const before = await t.db.query(`SELECT count(*)::int AS n FROM meetups`);
    const res = await post('/api/meetups', {
      cityId: shanghai,
      title: 'Null\u0000meetup',
      startsAt: '2027-05-01T19:00',
      endsAt: '2027-05-01T21:00',
    }).expect(400);
    expect(res.body.message).toBe('title must not contain the NUL character (\\u0000).');
    expect(await t.db.query(`SELECT count(*)::int AS n FROM meetups`)).toEqual(before);
    const { agent } = await signedIn(t, 'staff');
    await agent.get('/members?q=%00').expect(400);
  });

  it('walks the status machine, answers 409 with the allowed ones, and fires the cancel hook', async () => {
    const { body: m } = await post(
      '/api/meetups',
      meetup({ startsAt: '2027-02-01T19:00', endsAt: '2027-02-01T21:00', rsvpDeadline: undefined }),
    ).expect(201);
    const illegal = await post(`/api/meetups/${m.id}/status`, { status: 'held' }).expect(409);
    expect(illegal.body.allowed).toEqual(['scheduled', 'cancelled']);
    expect(illegal.body.message).toMatch(/A draft meetup cannot become held; allowed: scheduled, cancelled/);
    await post(`/api/meetups/${m.id}/status`, { status: 'scheduled' }).expect(200);
    await post(`/api/meetups/${m.id}/status`, { status: 'inviting' }).expect(200);
    const res = await post(`/api/meetups/${m.id}/status`, { status: 'cancelled' }).expect(200);
    expect(res.body.status).toBe('cancelled');
    expect(cancelled).toEqual([m.id]);
    const again = await post(`/api/meetups/${m.id}/status`, { status: 'scheduled' }).expect(409);
    expect(again.body.allowed).toEqual([]);
    // A cancelled meetup no longer blocks its slot.
    await post(
      '/api/meetups',
      meetup({ startsAt: '2027-02-01T19:00', endsAt: '2027-02-01T21:00', rsvpDeadline: undefined }),
    ).expect(201);
  });

  it('generates the forum announcement in both languages and refuses an unknown locale', async () => {
    const get = (path: string) => http().get(path).set('Authorization', t.bearer);
    const [{ id }] = await t.db.query(`SELECT id FROM meetups WHERE title = 'Urumqi'`);
    const en = await get(`/api/meetups/${id}/announcement?locale=en`).expect(200);
    // Rendered inside the running app, whose page helpers (e.g. `date`) must not leak into the template.
    expect(en.body.markdown).toContain('**When:** Saturday, December 5, 2026, 19:00–22:00 (Asia/Urumqi)');
    const zh = await get(`/api/meetups/${id}/announcement`).expect(200);
    expect(zh.body).toMatchObject({ locale: 'zh-CN' });
    expect(zh.body.markdown).toContain('如何受邀');
    expect(zh.body.markdown).toContain('2026年12月5日星期六 19:00–22:00');
    await get(`/api/meetups/${id}/announcement?locale=fr`).expect(400);
  });
});
