import request from 'supertest';
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

  it('leaves a skipped cycle empty and refuses bad input', async () => {
    const res = await propose('startDate=2026-12-01&cycles=3&skipCycles=1').expect(200);
    expect(res.body.map((p: { cycle: number }) => p.cycle)).toEqual([2]);
    await propose('startDate=soon').expect(400);
    await propose('startDate=2026-12-01&weekday=9').expect(400);
  });
});
