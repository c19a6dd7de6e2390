import request from 'supertest';
import { MembersService } from '../../src/members/members.service';
import { MemberQueries } from '../../src/members/members.repository';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Member search filters the newest members first (a probe, then a wider window for a term the probe
 * found a few times) and asks the indexes only for older ones when the page is still short. Each path
 * must give what a plain filter over every member gives, newest first, page by page. The limits are
 * lowered so that 23,000 members walk every path.
 */
describe('member search', () => {
  let t: TestApp;
  const window = 5_000;
  const total = 23_000;
  let all: { id: string; externalId: string; email: string; name: string; cityId: number }[];
  let wuhan: number;

  beforeAll(async () => {
    t = await createTestApp();
    t.app.get(MemberQueries).limits = { probe: 500, window };
    const [{ id: chengdu }] = await t.db.query(`INSERT INTO cities (name) VALUES ('Chengdu') RETURNING id`);
    [{ id: wuhan }] = await t.db.query(`INSERT INTO cities (name) VALUES ('Wuhan') RETURNING id`);
    // Common terms (王, "ang") everywhere; 欧阳 common but only among the oldest members, so the window
    // misses them and the index arms must find them; rare terms (司马, "Quinn"); one city holds a
    // thirtieth of the members.
    await t.db.query(
      `INSERT INTO members (external_id, email, name, city_id, locale, registered_on)
       SELECT 'ext-' || g, CASE WHEN g % 7 = 0 THEN 'wang' ELSE 'fan' END || g || '@example.com',
              CASE WHEN g <= $4 THEN '欧阳' || g WHEN g <= $4 + 40 THEN 'Quinn Stangel ' || g
                   WHEN g <= $4 + 80 THEN '司马' || g
                   WHEN g % 50 = 5 THEN '张' || g WHEN g % 10 = 0 THEN '王' || g WHEN g % 10 = 1 THEN 'Mia Lang ' || g ELSE '李' || g END,
              CASE WHEN g % 30 = 0 THEN $2::int ELSE $1::int END, 'zh-CN', date '2020-01-01'
         FROM generate_series(1, $3::int) g`,
      [chengdu, wuhan, total, 2_500],
    );
    await t.db.query('ANALYZE members');
    all = (
      await t.db.query(
        `SELECT m.id::text AS id, m.external_id AS "externalId", m.email, m.name, m.city_id AS "cityId"
           FROM members m ORDER BY m.id DESC`,
      )
    ).map((r: { id: string; cityId: number }) => ({ ...r, cityId: Number(r.cityId) }));
  });
  afterAll(() => t.close());

  /** What the search promises, by brute force. */
  const expected = (q: string, cityId?: number) => {
    const text = q.toLowerCase();
    return all
      .filter((m) => cityId === undefined || m.cityId === cityId)
      .filter(
        (m) =>
          m.externalId === q ||
          m.email.toLowerCase().startsWith(text) ||
          m.name.toLowerCase().startsWith(text) ||
          (/[a-z0-9]{3}/.test(text) && m.name.toLowerCase().includes(text)),
      )
      .map((m) => m.id);
  };

  /** Every page of a search, following the cursor, as member ids. */
  const pages = async (q: string, cityId?: number, limit = 25) => {
    const members = t.app.get(MembersService);
    const ids: string[] = [];
    let before: string | undefined;
    for (let page = 0; page < 2_000; page++) {
      const result = await members.search({ q, cityId, before, limit });
      ids.push(...result.members.map((m) => m.id));
      if (!result.next) break;
      before = result.next;
    }
    return ids;
  };

  it.each([
    ['a common name prefix (from the probe)', '王', undefined],
    ['a name prefix the probe finds a few times (from the wider window)', '张', undefined],
    ['a common Latin fragment (from the probe)', 'ang', undefined],
    ['a common name prefix only members older than the window have (the arms after the window)', '欧阳', undefined],
    ['a rare name prefix (the window, then the arms)', '司马', undefined],
    ['a rare Latin fragment (the window, then the arms)', 'quinn', undefined],
    ['an email prefix', 'wang1', undefined],
    ['an exact external id of an old member', 'ext-17', undefined],
    ['a term nobody matches', 'zzzz', undefined],
    ['a common term within a city', '王', 'wuhan'],
    ['a rare term within a city', '欧阳', 'wuhan'],
  ])('finds %s, newest first, page by page', async (_label, q, city) => {
    const cityId = city ? wuhan : undefined;
    const want = expected(q as string, cityId);
    const first = await t.app.get(MembersService).search({ q: q as string, cityId, limit: 50 });
    expect(first.members.map((m) => m.id)).toEqual(want.slice(0, 50));
    if (want.length <= 3_000) expect(await pages(q as string, cityId, 100)).toEqual(want);
  });

  it('pages a common term past the window with the cursor', async () => {
    const want = expected('王');
    const deep = want[Math.floor(want.length * 0.9)];
    const result = await t.app.get(MembersService).search({ q: '王', before: deep, limit: 40 });
    const at = want.indexOf(deep);
    expect(result.members.map((m) => m.id)).toEqual(want.slice(at + 1, at + 41));
  });

  it('answers the member list API with the same search', async () => {
    const res = await request(t.app.getHttpServer())
      .get(`/api/members?q=${encodeURIComponent('欧阳')}`)
      .set('Authorization', t.bearer)
      .expect(200);
    expect(res.body.members.map((m: { id: string }) => m.id)).toEqual(
      expected('欧阳').slice(0, res.body.members.length),
    );
    expect(res.body.members.length).toBeGreaterThan(0);
  });
});
