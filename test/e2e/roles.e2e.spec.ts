import request from 'supertest';
import { JobsService } from '../../src/jobs/jobs.service';
import { MailOutboxService } from '../../src/mail/mail-outbox.service';
import { createTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('roles (MEETLOOP_ROLE)', () => {
  let web: TestApp;
  let worker: TestApp | undefined;
  const state = async (id: string) =>
    (await web.db.query('SELECT state FROM outbox_messages WHERE id = $1', [id]))[0].state as string;

  beforeAll(async () => (web = await createTestApp({ MEETLOOP_ROLE: 'web' })));
  afterAll(async () => {
    await worker?.close();
    await web.close();
  });

  it('a web instance serves pages and the API', async () => {
    await request(web.app.getHttpServer()).get('/login').expect(200);
    await request(web.app.getHttpServer()).get('/api/meetups').set('Authorization', web.bearer).expect(200);
  });

  it('a web instance runs no jobs: the mail it queues waits for a worker', async () => {
    expect(web.app.get(JobsService).workerCount).toBe(0);
    const id = (await web.app.get(MailOutboxService).send({
      idempotencyKey: 'roles-1',
      to: 'fan@example.com',
      template: 'notice',
      locale: 'en',
      data: { title: 'Roles', name: 'Fan', paragraphs: ['Hello.'] },
    }))!;
    web.app.get(JobsService).notify('mail-delivery');
    await sleep(3000);
    expect(await state(id)).toBe('queued');

    worker = await createTestApp({ MEETLOOP_ROLE: 'worker' }, { url: web.databaseUrl });
    expect(worker.app.get(JobsService).workerCount).toBeGreaterThan(0);
    await waitFor(async () => (await state(id)) === 'sent', 30_000, 'the worker to send the message');
  });

  it('a worker serves no pages and no API, only health and metrics', async () => {
    const http = () => request(worker!.app.getHttpServer());
    const login = await http().get('/login').expect(404);
    expect(login.body.message).toContain('worker');
    await http().get('/api/meetups').set('Authorization', worker!.bearer).expect(404);
    await http().post('/rsvp/some-token/accept').expect(404);
    await http().get('/health').expect(200);
    await http().get('/health/live').expect(200);
  });
});
