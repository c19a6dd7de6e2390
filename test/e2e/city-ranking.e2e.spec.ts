import request from 'supertest';
import { cityStatsMismatches } from '../../src/cities/city-stats-recount';
import { MemberImportService } from '../../src/members/member-import.service';
import { memberCsv, streamOf } from '../support/csv';
import { createTestApp, TestApp } from '../support/test-app';
import { signedIn } from '../support/accounts';

describe('city ranking', () => {
  let t: TestApp;
  const recount = () => cityStatsMismatches((sql) => t.db.query(sql));
  const stats = async () =>
    Object.fromEntries(
      (
        await t.db.query(
          `SELECT c.name, s.members, s.never_invited FROM city_stats s JOIN cities c ON c.id = s.city_id ORDER BY 1`,
        )
      ).map((r: { name: string; members: number; never_invited: number }) => [r.name, [r.members, r.never_invited]]),
    );

  beforeAll(async () => {
    t = await createTestApp({ COOL_DOWN_WEEKS: '12' });
    const rows: string[] = [];
    const add = (city: string, n: number) => {
      for (let i = 0; i < n; i++)
        rows.push(`${city}-${i},${city}${i}@example.com,Fan ${i},${city},,en,2020-01-01,0,false`);
    };
    add('Chengdu', 5);
    add('Wuhan', 3);
    add('Harbin', 4);
    // Three cities only (not the gazetteer's 337), so the ranking below is short; imports match them by name.
    await t.db.query(`INSERT INTO cities (name) VALUES ('Chengdu'), ('Wuhan'), ('Harbin')`);
    await t.app.get(MemberImportService).importCsv(streamOf(memberCsv(...rows)));
    await t.db.query(`UPDATE cities SET population = 10000 WHERE name = 'Wuhan'`);
    await t.db.query(`UPDATE cities SET population = 100000 WHERE name = 'Chengdu'`);
  });
  afterAll(() => t.close());

  const api = (path: string) => request(t.app.getHttpServer()).get(path).set('Authorization', t.bearer);

  it('keeps counts equal to a full recount after an import', async () => {
    expect(await stats()).toEqual({ Chengdu: [5, 5], Harbin: [4, 4], Wuhan: [3, 3] });
    expect(await recount()).toEqual([]);
  });

  it('keeps counts after unsubscribes, invitations, moves between cities and deletes', async () => {
    await t.db.query(`UPDATE members SET unsubscribed_at = now() WHERE external_id IN ('Chengdu-0', 'Harbin-0')`);
    await t.db.query(`UPDATE members SET invited_count = 1 WHERE external_id = 'Chengdu-1'`);
    await t.db.query(
      `UPDATE members SET city_id = (SELECT id FROM cities WHERE name = 'Wuhan') WHERE external_id IN ('Harbin-1', 'Harbin-2')`,
    );
    await t.db.query(`DELETE FROM members WHERE external_id = 'Wuhan-0'`);
    expect(await stats()).toEqual({ Chengdu: [4, 3], Harbin: [1, 1], Wuhan: [4, 4] });
    expect(await recount()).toEqual([]);
  });

  it('keeps counts when a re-import moves a member and another import adds one', async () => {
    await t.app
      .get(MemberImportService)
      .importCsv(
        streamOf(
          memberCsv(
            'Chengdu-2,Chengdu2@example.com,Fan 2,Harbin,,en,2020-01-01,0,false',
            'new-1,new1@example.com,New,Harbin,,en,2020-01-01,0,false',
          ),
        ),
      );
    expect(await stats()).toEqual({ Chengdu: [3, 2], Harbin: [3, 3], Wuhan: [4, 4] });
    expect(await recount()).toEqual([]);
  });

  it('ranks by registered members by default, ties by name, and says why', async () => {
    const res = await api('/api/cities/ranking').expect(200);
    expect(res.body.map((c: { name: string; rank: number }) => [c.name, c.rank])).toEqual([
      ['Wuhan', 1],
      ['Chengdu', 2],
      ['Harbin', 3],
    ]);
    expect(res.body[0].why).toBe('#1 by registered members: 4; never had a meetup');
  });

  it('ranks by density with unknown populations last, and by never-invited members', async () => {
    const density = await api('/api/cities/ranking?order=density').expect(200);
    expect(density.body.map((c: { name: string; density: number | null }) => [c.name, c.density])).toEqual([
      ['Wuhan', 4],
      ['Chengdu', 0.3],
      ['Harbin', null],
    ]);
    expect(density.body[2].why).toMatch(/population unknown/);
    const never = await api('/api/cities/ranking?order=never-invited').expect(200);
    expect(never.body.map((c: { name: string }) => c.name)).toEqual(['Wuhan', 'Harbin', 'Chengdu']);
  });

  it('puts a city in cool-down for 12 weeks after its last meetup, ignoring cancelled ones', async () => {
    const insert = (city: string, daysAgo: number, status: string) =>
      t.db.query(
        `INSERT INTO meetups (city_id, title, starts_at, ends_at, status)
         SELECT id, 'M', now() - make_interval(days => $2), now() - make_interval(days => $2) + interval '3 hours', $3
           FROM cities WHERE name = $1`,
        [city, daysAgo, status],
      );
    await insert('Wuhan', 30, 'held');
    await insert('Chengdu', 100, 'held');
    await insert('Harbin', 5, 'cancelled');
    const res = await api('/api/cities/ranking').expect(200);
    expect(
      res.body.map((c: { name: string; rank: number | null; eligible: boolean }) => [c.name, c.rank, c.eligible]),
    ).toEqual([
      ['Chengdu', 1, true],
      ['Harbin', 2, true],
      ['Wuhan', null, false],
    ]);
    expect(res.body[2].why).toMatch(/^in cool-down until \d{4}-\d\d-\d\d: last meetup \d{4}-\d\d-\d\d, 12 weeks rest$/);
  });

  it('refuses an unknown order with 400 and draws the chart as SVG', async () => {
    const bad = await api('/api/cities/ranking?order=size').expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/order must be one of members, density, never-invited/);
    const svg = await api('/api/cities/ranking.svg')
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done(null, text));
      })
      .expect(200);
    expect(svg.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect(svg.body).toMatch(/^<svg /);
    expect(svg.body).toContain('>Chengdu</text>');
    expect(svg.body).not.toContain('>Wuhan</text>');
  });
});

describe('city ranking page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.db.query(`INSERT INTO cities (name) VALUES ('Chengdu')`);
  });
  afterAll(() => t.close());

  it('shows the chart and the reasons to signed-in staff', async () => {
    const { agent } = await signedIn(t, 'staff');
    const page = await agent.get('/cities/ranking?order=density').expect(200);
    expect(page.text).toContain('<svg ');
    expect(page.text).toContain('population unknown');
  });
});
