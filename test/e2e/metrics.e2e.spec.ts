import request from 'supertest';
import { cityWithMembers, scheduledMeetup } from '../support/meetups';
import { createTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

/** The value of one sample in a Prometheus text exposition (0 when absent). */
function sample(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('metrics', () => {
  let web: TestApp;
  let worker: TestApp | undefined;
  const scrape = async (t: TestApp) =>
    (await request(t.app.getHttpServer()).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200))
      .text;

  beforeAll(async () => (web = await createTestApp({ MEETLOOP_ROLE: 'web', METRICS_TOKEN })));
  afterAll(async () => {
    await worker?.close();
    await web.close();
  });

  it('answers only with the token', async () => {
    await request(web.app.getHttpServer()).get('/metrics').expect(401);
    await request(web.app.getHttpServer()).get('/metrics').set('Authorization', 'Bearer wrong').expect(401);
    const off = await createTestApp({}, { url: web.databaseUrl });
    try {
      await request(off.app.getHttpServer())
        .get('/metrics')
        .set('Authorization', `Bearer ${METRICS_TOKEN}`)
        .expect(404);
    } finally {
      await off.close();
    }
  });

  it('shows the outbox and the delivery queue grow with a wave and drain when a worker sends it', async () => {
    const before = await scrape(web);
    expect(sample(before, 'meetloop_outbox_unsent')).toBe(0);
    expect(sample(before, 'meetloop_job_queue_jobs', 'queue="mail-deliver",state="created"')).toBe(0);

    const { cityId } = await cityWithMembers(web, 12, 'metrics');
    const meetupId = await scheduledMeetup(web, cityId, { capacityMax: 10 });
    await request(web.app.getHttpServer())
      .post(`/api/meetups/${meetupId}/invitations`)
      .set('Authorization', web.bearer)
      .send({ wave: 'next' })
      .expect(201);

    const during = await scrape(web);
    expect(sample(during, 'meetloop_outbox_unsent')).toBe(10);
    expect(sample(during, 'meetloop_outbox_oldest_unsent_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(during, 'meetloop_job_queue_jobs', 'queue="mail-deliver",state="created"')).toBe(10);
    expect(sample(during, 'meetloop_invitations', 'state="pending"')).toBe(10);
    expect(sample(during, 'meetloop_outbox_dead_letters')).toBe(0);
    expect(
      sample(
        during,
        'meetloop_http_request_duration_seconds_count',
        'method="POST",route="/api/meetups/:id/invitations",status="201"',
      ),
    ).toBe(1);
    expect(during).toMatch(/meetloop_db_pool_connections\{state="in_use"\} \d+/);

    worker = await createTestApp({ MEETLOOP_ROLE: 'worker', METRICS_TOKEN }, { url: web.databaseUrl });
    const after = await waitFor(
      async () => {
        const text = await scrape(worker!);
        return sample(text, 'meetloop_outbox_unsent') === 0 ? text : undefined;
      },
      60_000,
      'the outbox to drain',
    );
    expect(sample(after!, 'meetloop_job_queue_jobs', 'queue="mail-deliver",state="created"')).toBe(0);
  });
});
