import { DateTime } from 'luxon';
import request from 'supertest';
import { signedIn } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';

describe('planner', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    // Shanghai has the most members, then Urumqi, then Chengdu.
    await t.db.query(
      `INSERT INTO cities (name, time_zone) VALUES ('Shanghai', 'Asia/Shanghai'), ('Urumqi', 'Asia/Urumqi'), ('Chengdu', 'Asia/Shanghai')`,
    );
    await t.db.query(`
      INSERT INTO members (external_id, email, name, city_id, locale, registered_on)
      SELECT 'p-' || c.id || '-' || g, 'p' || c.id || '-' || g || '@example.com', 'Fan', c.id, 'en', date '2020-01-01'
        FROM cities c, generate_series(1, CASE c.name WHEN 'Shanghai' THEN 3 WHEN 'Urumqi' THEN 2 ELSE 1 END) g`);
  });
  afterAll(() => t.close());

  const http = () => request(t.app.getHttpServer());
  const propose = (qs: string) => http().get(`/api/planner?${qs}`).set('Authorization', t.bearer);

  it('proposes the top cities at 19:00 local, and the same again for the same data', async () => {
    const a = await propose('startDate=2026-12-01&cycles=3').expect(200);
    expect(a.body.map((p: { city: string; startsLocal: string }) => [p.city, p.startsLocal])).toEqual([
      ['Shanghai', '2026-12-05T19:00'],
      ['Urumqi', '2026-12-19T19:00'],
      ['Chengdu', '2027-01-02T19:00'],
    ]);
    expect((await propose('startDate=2026-12-01&cycles=3').expect(200)).body).toEqual(a.body);
  });

  it('keeps accepted meetups (with a swapped city) fixed when re-planning', async () => {
    const accepted = await http()
      .post('/api/planner/accept')
      .set('Authorization', t.bearer)
      .send({
        meetups: [
          {
            cityId: (await t.db.query(`SELECT id FROM cities WHERE name = 'Chengdu'`))[0].id,
            startsLocal: '2026-12-05T19:00',
          },
        ],
      })
      .expect(201);
    expect(accepted.body[0]).toMatchObject({
      city: 'Chengdu',
      status: 'draft',
      startsAtUtc: '2026-12-05T11:00:00.000Z',
    });
    const again = await propose('startDate=2026-12-01&cycles=3').expect(200);
    expect(again.body.map((p: { cycle: number; city: string }) => [p.cycle, p.city])).toEqual([
      [1, 'Shanghai'],
      [2, 'Urumqi'],
    ]);
  });

  it('accepts all rows or none: one clash stores nothing and names the row', async () => {
    const [{ id: urumqi }] = await t.db.query(`SELECT id FROM cities WHERE name = 'Urumqi'`);
    const before = (await t.db.query('SELECT count(*)::int AS n FROM meetups'))[0].n;
    const res = await http()
      .post('/api/planner/accept')
      .set('Authorization', t.bearer)
      .send({
        meetups: [
          { cityId: urumqi, startsLocal: '2027-03-06T19:00' },
          { cityId: urumqi, startsLocal: '2027-03-06T20:00' },
        ],
      })
      .expect(409);
    expect(res.body.message).toBe(
      'Urumqi on 2027-03-06 20:00: Another meetup in this city overlaps this time; cancel or move it first.',
    );
    expect((await t.db.query('SELECT count(*)::int AS n FROM meetups'))[0].n).toBe(before);
  });

  it('leaves a skipped cycle empty and refuses bad input', async () => {
    const res = await propose('startDate=2026-12-01&cycles=3&skipCycles=1').expect(200);
    expect(res.body.map((p: { cycle: number }) => p.cycle)).toEqual([2]);
    await propose('startDate=soon').expect(400);
    await propose('startDate=2026-12-01&weekday=9').expect(400);
    // Shaped like a date, but not in any calendar: once a 500 from deep inside the planner.
    const feb30 = await propose('startDate=2027-02-30').expect(400);
    expect(feb30.body.message).toContain('startDate must be a date like 2026-12-01 that exists in the calendar');
    const { agent } = await signedIn(t, 'staff');
    await agent.get('/planner?startDate=2027-13-01').expect(400);
  });

  describe('page', () => {
    const query = 'startDate=2027-06-01&cycleDays=14&perCycle=1&cycles=3&weekday=6&localTime=19%3A00';

    it('shows the proposal with rank, city-local start, zone and why, and the plan form with its defaults', async () => {
      const { agent } = await signedIn(t, 'staff');
      const blank = await agent.get('/planner').expect(200);
      expect(blank.text).toContain('name="cycleDays" type="number" min="1" max="90" required value="14"');
      expect(blank.text).toContain('<option value="6" selected>Saturday</option>');
      expect(blank.text).toContain('name="localTime" type="time" required value="19:00"');
      // Without a chosen date the first cycle starts two weeks out: time to announce and invite.
      const inTwoWeeks = DateTime.now().setZone('Asia/Shanghai').plus({ days: 14 }).toISODate();
      expect(blank.text).toContain(`id="startDate" name="startDate" type="date" required value="${inTwoWeeks}"`);

      const page = await agent.get(`/planner?${query}`).expect(200);
      const rows = [...page.text.matchAll(/name="startsLocal_(\d)" type="datetime-local" required value="([^"]+)"/g)];
      expect(rows.map((r) => r[2])).toEqual(['2027-06-05T19:00', '2027-06-19T19:00', '2027-07-03T19:00']);
      expect(page.text).toContain('Asia/Urumqi');
      // A city that never had a meetup says so (not "out of cool-down on …").
      expect(page.text).toMatch(/rank #1; never had a meetup/);
      expect(page.text).toContain('name="accept" value="all"');
    });

    it('accepts one row with a swapped city and a moved start as a draft meetup', async () => {
      const { agent, csrf } = await signedIn(t, 'staff');
      const [{ id: chengdu }] = await t.db.query(`SELECT id FROM cities WHERE name = 'Chengdu'`);
      const res = await agent
        .post('/planner/accept')
        .type('form')
        .send({
          _csrf: csrf,
          ...Object.fromEntries(new URLSearchParams(query)),
          cityId_0: String(chengdu),
          startsLocal_0: '2027-06-06T15:00',
          cityId_1: '1',
          startsLocal_1: '2027-06-19T19:00',
          accept: '0',
        })
        .expect(303);
      expect(res.headers.location).toBe(`/planner?${query}`);
      const created = await t.db.query(
        `SELECT m.title, m.status, m.starts_at FROM meetups m JOIN cities c ON c.id = m.city_id
          WHERE c.name = 'Chengdu' AND m.starts_at >= '2027-06-01'`,
      );
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({ title: 'Meetup in Chengdu', status: 'draft' });
      expect(created[0].starts_at.toISOString()).toBe('2027-06-06T07:00:00.000Z');
      const after = await agent.get(res.headers.location).expect(200);
      expect(after.text).toContain('Accepted as draft meetups: Chengdu 2027-06-06 15:00');
      expect(after.text).toMatch(
        /href="\/meetups\/\d+">Chengdu · 2027-06-06 15:00 \(Asia\/Shanghai\) · Meetup in Chengdu/,
      );
    });

    it('skips a cycle by re-proposing without it, storing nothing', async () => {
      const { agent, csrf } = await signedIn(t, 'staff');
      const before = (await t.db.query('SELECT count(*)::int AS n FROM meetups'))[0].n;
      const res = await agent
        .post('/planner/skip')
        .type('form')
        .send({ _csrf: csrf, ...Object.fromEntries(new URLSearchParams(query)), skip: '1', cityId_0: '1' })
        .expect(303);
      expect(res.headers.location).toBe(`/planner?${query}&skipCycles=1`);
      const page = await agent.get(res.headers.location).expect(200);
      expect(page.text).toContain('Skipped cycles: 2');
      expect(page.text).not.toContain('value="2027-06-19T19:00"');
      expect((await t.db.query('SELECT count(*)::int AS n FROM meetups'))[0].n).toBe(before);
    });

    it('answers bad plan input and a clashing row with a clear 4xx page, storing nothing', async () => {
      const { agent, csrf } = await signedIn(t, 'staff');
      const before = (await t.db.query('SELECT count(*)::int AS n FROM meetups'))[0].n;
      const bad = await agent.get('/planner?startDate=2027-06-01&weekday=9&cycles=0').expect(400);
      expect(bad.text).toContain('weekday must not be greater than 7');
      expect(bad.text).toContain('value="2027-06-01"');

      const [{ id: chengdu }] = await t.db.query(`SELECT id FROM cities WHERE name = 'Chengdu'`);
      const clash = await agent
        .post('/planner/accept')
        .type('form')
        .send({
          _csrf: csrf,
          ...Object.fromEntries(new URLSearchParams(query)),
          cityId_0: String(chengdu),
          startsLocal_0: '2027-06-06T16:00',
          accept: 'all',
        })
        .expect(409);
      expect(clash.text).toContain('Chengdu on 2027-06-06 16:00: Another meetup in this city overlaps this time');
      expect(clash.text).toContain('value="2027-06-06T16:00"');

      await agent
        .post('/planner/accept')
        .type('form')
        .send({
          _csrf: csrf,
          ...Object.fromEntries(new URLSearchParams(query)),
          cityId_0: 'x',
          startsLocal_0: 'soon',
          accept: '0',
        })
        .expect(400);
      await agent
        .post('/planner/accept')
        .type('form')
        .set('Accept', 'text/html')
        .send({ _csrf: csrf, ...Object.fromEntries(new URLSearchParams(query)), accept: '7' })
        .expect(400);
      await agent
        .post('/planner/skip')
        .type('form')
        .set('Accept', 'text/html')
        .send({ _csrf: csrf, ...Object.fromEntries(new URLSearchParams(query)), skip: '99' })
        .expect(400);
      await agent
        .post('/planner/accept')
        .type('form')
        .set('Accept', 'text/html')
        .send({
          ...Object.fromEntries(new URLSearchParams(query)),
          cityId_0: String(chengdu),
          startsLocal_0: '2027-08-01T19:00',
          accept: '0',
        })
        .expect(403);
      expect((await t.db.query('SELECT count(*)::int AS n FROM meetups'))[0].n).toBe(before);
    });

    it('names the cities in the viewer language: 乌鲁木齐 in the proposal, its dropdown, the flash and a refused row', async () => {
      await t.db.query(
        `UPDATE cities SET name_zh = CASE name WHEN 'Urumqi' THEN '乌鲁木齐' WHEN 'Chengdu' THEN '成都' ELSE '上海' END`,
      );
      const [{ id: urumqi }] = await t.db.query(`SELECT id FROM cities WHERE name = 'Urumqi'`);
      const english = await signedIn(t, 'staff');
      const chinese = await signedIn(t, 'staff');
      await t.db.query(`UPDATE accounts SET locale = 'zh-CN' WHERE id = $1`, [chinese.account.id]);
      const option = (html: string) =>
        new RegExp(`<option value="${urumqi}"(?: selected)?>([^<]+) \\(#\\d+\\)</option>`).exec(html)?.[1];

      const zh = await chinese.agent.get(`/planner?${query}`).expect(200);
      expect(option(zh.text)).toBe('乌鲁木齐');
      expect(zh.text).toContain('<span class="visually-hidden"> 乌鲁木齐, ');
      expect(option((await english.agent.get(`/planner?${query}`).expect(200)).text)).toBe('Urumqi');

      const row = {
        _csrf: chinese.csrf,
        ...Object.fromEntries(new URLSearchParams(query)),
        cityId_0: String(urumqi),
        startsLocal_0: '2028-01-08T19:00',
        accept: '0',
      };
      const accepted = await chinese.agent.post('/planner/accept').type('form').send(row).expect(303);
      const after = await chinese.agent.get(accepted.headers.location).expect(200);
      expect(after.text).toContain('已接受为同城会草稿：乌鲁木齐 2028-01-08 19:00');
      const refused = await chinese.agent.post('/planner/accept').type('form').send(row).expect(409);
      expect(refused.text).toContain('乌鲁木齐（2028-01-08 19:00）：');
    });
  });
});
