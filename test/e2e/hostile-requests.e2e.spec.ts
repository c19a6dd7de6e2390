import request from 'supertest';
import { memberCsv } from '../support/csv';
import { cityWithMembers, scheduledMeetup } from '../support/meetups';
import { createTestApp, TestApp } from '../support/test-app';

/** Requests an attacker or a careless client sends: each gets a clear 4xx and changes nothing, never a 500. */
describe('hostile requests', () => {
  let t: TestApp;
  let cityId: number;
  beforeAll(async () => {
    t = await createTestApp();
    // Imports match known cities only (issue 13).
    await t.db.query(`INSERT INTO cities (name) VALUES ('Chengdu')`);
    ({ cityId } = await cityWithMembers(t, 2, 'hostile'));
  });
  afterAll(() => t.close());

  const http = () => request(t.app.getHttpServer());
  const api = (method: 'post' | 'put' | 'get', path: string) => http()[method](path).set('Authorization', t.bearer);

  describe('bodies the parser refuses keep their status', () => {
    it('answers a charset nobody knows with 415', async () => {
      const res = await http()
        .post('/api/meetups')
        .set('Authorization', t.bearer)
        .set('Content-Type', 'application/json; charset=klingon')
        .send('{"cityId":1}');
      expect(res.status).toBe(415);
      expect(res.body.message).toContain('unsupported charset');
    });

    it('answers a form over 1 MB with 413, as a page for people', async () => {
      const res = await http()
        .post('/login')
        .set('Accept', 'text/html')
        .type('form')
        .send('email=' + 'a'.repeat(1_100_000));
      expect(res.status).toBe(413);
      expect(res.text).toContain('Too large');
    });

    it('answers JSON over 10 MB with 413', async () => {
      const res = await http()
        .post('/api/members/bulk')
        .set('Authorization', t.bearer)
        .set('Content-Type', 'application/json')
        .send(`["${'x'.repeat(10_500_000)}"]`);
      expect(res.status).toBe(413);
    });

    it('answers malformed JSON with 400', async () => {
      const res = await api('post', '/api/meetups').set('Content-Type', 'application/json').send('{"cityId":');
      expect(res.status).toBe(400);
    });

    it('answers JSON nested 5,000 deep with a 400, with or without NUL inside', async () => {
      for (const inner of ['1', '"\\u0000"']) {
        const body = '{"a":'.repeat(5000) + inner + '}'.repeat(5000);
        const res = await api('post', '/api/meetups').set('Content-Type', 'application/json').send(body);
        expect(res.status).toBe(400);
        expect(res.body.message).toMatch(/nested more than 32 levels deep/);
      }
      const arrays = '['.repeat(50_000) + ']'.repeat(50_000);
      await api('post', '/api/members/bulk').set('Content-Type', 'application/json').send(arrays).expect(400);
    });
  });

  describe('staff input is checked before the database sees it', () => {
    const meetup = (over: Record<string, unknown>) => ({
      cityId,
      title: 'Night market meetup',
      startsAt: '2027-03-06T19:00',
      endsAt: '2027-03-06T21:00',
      ...over,
    });
    const meetupCount = async () => Number((await t.db.query('SELECT count(*)::int AS n FROM meetups'))[0].n);

    it('refuses ids beyond a PostgreSQL integer with a 400 naming the field', async () => {
      const before = await meetupCount();
      const cases: [ReturnType<typeof api>, string][] = [
        [api('post', '/api/meetups').send(meetup({ cityId: 2147483648 })), 'cityId'],
        [
          api('post', '/api/planner/accept').send({
            meetups: [{ cityId: 2147483648, startsLocal: '2027-03-06T19:00' }],
          }),
          'meetups.0.cityId',
        ],
        [
          api('post', '/api/engineers').send({ engineerCode: 'E7001', name: 'Wu', homeCityId: 2147483648 }),
          'homeCityId',
        ],
        [
          api('post', '/api/engineers').send({ engineerCode: 'E7002', name: 'Wu', productAreaIds: [2147483648] }),
          'productAreaIds',
        ],
        [api('get', '/api/members?cityId=2147483648'), 'cityId'],
      ];
      for (const [req, field] of cases) {
        const res = await req;
        expect({ field, status: res.status }).toEqual({ field, status: 400 });
        expect(String(res.body.message)).toContain(field);
      }
      // A query id no row can have is a 404 naming it, like any id that does not exist (IdPipe).
      const list = await api('get', '/api/meetups?cityId=99999999999').expect(404);
      expect(list.body.message).toContain('cityId');
      expect(await meetupCount()).toBe(before);
    });

    it('refuses names and labels of only spaces, naming the field', async () => {
      const blank = [
        [
          api('post', '/api/accounts').send({
            email: 'x@ml.test',
            name: '   ',
            role: 'staff',
            password: 'long enough pass',
          }),
          'name',
        ],
        [api('post', '/api/tokens').send({ label: ' \t ' }), 'label'],
        [api('post', '/api/engineers').send({ engineerCode: 'E7003', name: '   ' }), 'name'],
        [api('post', '/api/meetups').send(meetup({ title: '   ' })), 'title'],
      ] as const;
      for (const [req, field] of blank) {
        const res = await req;
        expect({ field, status: res.status }).toEqual({ field, status: 400 });
        expect(String(res.body.message)).toMatch(new RegExp(`${field} must not be (blank|empty)`));
      }
    });

    it('refuses a lone surrogate instead of storing U+FFFD', async () => {
      const res = await api('post', '/api/accounts').send({
        email: 'a\ud800@ml.test',
        name: 'Lone',
        role: 'staff',
        password: 'long enough pass',
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('email must be valid Unicode text');
      const form = await http().post('/login').type('form').send('email=%ED%A0%80&password=x');
      expect(form.status).toBeLessThan(500);
      const rows = await t.db.query(`SELECT count(*)::int AS n FROM accounts WHERE name = 'Lone'`);
      expect(rows[0].n).toBe(0);
    });

    it('refuses dates outside 2000–2099', async () => {
      const res = await api('post', '/api/meetups').send(meetup({ startsAt: '0000-01-01T19:00' }));
      expect(res.status).toBe(400);
      expect(String(res.body.message)).toContain('startsAt must be a city-local time');
      await api('get', '/api/planner?startDate=0000-01-01').expect(400);
    });

    it('refuses markdown: null on mark-published', async () => {
      const id = await scheduledMeetup(t, cityId);
      const res = await api('post', `/api/meetups/${id}/announcement/mark-published`).send({ markdown: null });
      expect(res.status).toBe(400);
      expect(String(res.body.message)).toContain('markdown must be text');
      const locale = await api('post', `/api/meetups/${id}/announcement/publish`).send({ locale: null });
      expect(locale.status).toBe(400);
    });

    it('answers a CSV with a stray quote with a 400 naming the line, and skips a row with NUL by line', async () => {
      const upload = (csv: string) =>
        api('post', '/api/members/import').attach('file', Buffer.from(csv), 'members.csv');
      const quote = await upload(memberCsv('q-1,q1@example.com,Li "Wei",Chengdu,,en,2022-01-01,0,false'));
      expect(quote.status).toBe(400);
      expect(quote.body.message).toMatch(/^The file is not valid CSV at line 2/);
      const nul = await upload(
        memberCsv(
          'q-2,q2@example.com,Li\u0000Wei,Chengdu,,en,2022-01-01,0,false',
          'q-3,q3@example.com,Wang,Chengdu,,en,2022-01-01,0,false',
        ),
      );
      expect(nul.status).toBe(200);
      expect(nul.body).toMatchObject({
        inserted: 1,
        rejected: 1,
        rejections: [{ at: 2, reason: 'name contains the NUL character' }],
      });
    });
  });
});
