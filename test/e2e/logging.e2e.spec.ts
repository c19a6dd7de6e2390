import { Writable } from 'node:stream';
import request from 'supertest';
import { signedIn } from '../support/accounts';
import { createTestApp, TEST_API_TOKEN, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

const RSVP_TOKEN = 'rsvpTokenSECRET0123456789abcdefghijklmnop';
const COOKIE = 'meetloop.sid=s%3AcookieSECRET.signature';
const PASSWORD = 'passwordSECRET-hunter2';
const CSRF = 'csrfSECRET-token-value';

describe('logs', () => {
  let t: TestApp;
  const lines: string[] = [];
  const entries = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const lineFor = async (requestId: string): Promise<Record<string, unknown>> =>
    (await waitFor(() => entries().find((e) => e.requestId === requestId && e.res), 5000, `the line of ${requestId}`))!;

  beforeAll(async () => {
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    t = await createTestApp({ LOG_LEVEL: 'log' }, undefined, capture);
  });
  afterAll(() => t.close());

  it('writes one JSON line per request with its id, also sent back in X-Request-Id', async () => {
    const res = await request(t.app.getHttpServer()).get('/login').expect(200);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const line = await lineFor(id);
    expect(line).toMatchObject({ level: 30, req: { method: 'GET', url: '/login' }, res: { statusCode: 200 } });
  });

  it("keeps a proxy's request id and shows it on the error page", async () => {
    const res = await request(t.app.getHttpServer())
      .get('/meetups/999999')
      .set('Accept', 'text/html')
      .set('X-Request-Id', 'edge-4f2a9c1b')
      .expect(303);
    expect(res.headers['x-request-id']).toBe('edge-4f2a9c1b');
    const { agent } = await signedIn(t, 'staff');
    const missing = await agent.get('/meetups/999999').set('Accept', 'text/html').expect(404);
    const id = missing.headers['x-request-id'];
    expect(missing.text).toContain(id);
    const line = await lineFor(id);
    expect(line.accountId).toEqual(expect.any(Number));
  });

  it('never writes RSVP tokens, cookies, authorization headers, passwords or CSRF tokens', async () => {
    const http = () => request(t.app.getHttpServer());
    const rsvp = await http().get(`/rsvp/${RSVP_TOKEN}`).set('Cookie', COOKIE).set('Accept', 'text/html');
    const api = await http()
      .post(`/api/rsvp/${RSVP_TOKEN}/accept`)
      .set('Authorization', `Bearer ${TEST_API_TOKEN}`)
      .set('X-CSRF-Token', CSRF)
      .send({ password: PASSWORD });
    const login = await http()
      .post(`/login?next=/members&token=${RSVP_TOKEN}`)
      .type('form')
      .send({ email: 'a@b.c', password: PASSWORD, _csrf: CSRF });
    for (const res of [rsvp, api, login]) await lineFor(res.headers['x-request-id']);

    const all = lines.join('\n');
    for (const secret of [RSVP_TOKEN, 'cookieSECRET', PASSWORD, CSRF, TEST_API_TOKEN])
      expect(all).not.toContain(secret);
    expect((await lineFor(rsvp.headers['x-request-id'])).req).toMatchObject({ url: '/rsvp/[redacted]' });
    expect((await lineFor(api.headers['x-request-id'])).req).toMatchObject({
      url: '/api/rsvp/[redacted]/accept',
    });
  });
});
