import request from 'supertest';
import { DataSource } from 'typeorm';
import { MailOutboxService, MailRequest } from '../../src/mail/mail-outbox.service';
import { unsubscribeToken } from '../../src/mail/unsubscribe-link';
import { MemberImportService } from '../../src/members/member-import.service';
import { signedIn } from '../support/accounts';
import { memberCsv, streamOf } from '../support/csv';
import { createTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

describe('mail delivery', () => {
  let t: TestApp;
  let mail: MailOutboxService;
  let memberId: string;
  let n = 0;
  const notice = (over: Partial<MailRequest> = {}): MailRequest => ({
    idempotencyKey: `test-${++n}`,
    to: `fan${n}@example.com`,
    template: 'notice',
    locale: 'en',
    data: { title: `Notice ${n}`, name: 'Fan', paragraphs: ['Hello.'] },
    ...over,
  });
  const received = async (to: string) =>
    Number((await t.db.query('SELECT count(*) AS n FROM mailbox_messages WHERE $1 = ANY (envelope_to)', [to]))[0].n);
  const state = async (id: string) =>
    (await t.db.query('SELECT state, attempts FROM outbox_messages WHERE id = $1', [id]))[0] as {
      state: string;
      attempts: number;
    };

  beforeAll(async () => {
    t = await createTestApp();
    mail = t.app.get(MailOutboxService);
    await t.app
      .get(MemberImportService)
      .importCsv(streamOf(memberCsv('m-1,li.wei@example.com,李伟,Chengdu,,zh-CN,2019-04-01,1,false')));
    memberId = (await t.db.query(`SELECT id::text FROM members WHERE external_id = 'm-1'`))[0].id;
  });
  afterAll(() => t.close());

  it('sends a message to the SMTP peer with a stable Message-ID', async () => {
    const id = (await mail.send(notice({ to: 'first@example.com' })))!;
    await waitFor(() => received('first@example.com'), 15_000, 'delivery');
    const [outbox] = await t.db.query('SELECT message_id, state FROM outbox_messages WHERE id = $1', [id]);
    const [got] = await t.db.query(
      `SELECT message_id, subject FROM mailbox_messages WHERE 'first@example.com' = ANY (envelope_to)`,
    );
    expect(outbox.state).toBe('sent');
    expect(got.message_id).toBe(outbox.message_id);
    expect(got.subject).toMatch(/^Notice \d+$/);
  });

  it('sends nothing when the transaction that wanted the mail rolls back', async () => {
    await expect(
      t.app.get(DataSource).transaction(async (manager) => {
        await mail.enqueue(manager, notice({ to: 'rolled-back@example.com', idempotencyKey: 'rollback-1' }));
        throw new Error('the business change failed');
      }),
    ).rejects.toThrow('the business change failed');
    await mail.send(notice({ to: 'after-rollback@example.com' }));
    await waitFor(() => received('after-rollback@example.com'));
    expect(await received('rolled-back@example.com')).toBe(0);
    expect(
      (await t.db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE idempotency_key = 'rollback-1'`))[0].n,
    ).toBe(0);
  });

  it('sends a message once however often its idempotency key is enqueued', async () => {
    const first = await mail.send(notice({ to: 'once@example.com', idempotencyKey: 'once' }));
    const second = await mail.send(notice({ to: 'once@example.com', idempotencyKey: 'once' }));
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    await waitFor(() => received('once@example.com'));
    await mail.send(notice({ to: 'after-once@example.com' }));
    await waitFor(() => received('after-once@example.com'));
    expect(await received('once@example.com')).toBe(1);
  });

  it('keeps trying while the SMTP server is down and delivers when it is back', async () => {
    const port = mail.sink.port;
    await mail.sink.stop();
    const id = (await mail.send(notice({ to: 'outage@example.com' })))!;
    await waitFor(async () => (await state(id)).attempts >= 1, 15_000, 'a failed attempt');
    expect((await state(id)).state).not.toBe('sent');
    await mail.sink.start(port);
    await waitFor(() => received('outage@example.com'), 30_000, 'delivery after the outage');
    expect((await state(id)).state).toBe('sent');
  });

  it('puts a message refused for good (5xx) in the dead letters, and "retry" sends it', async () => {
    mail.sink.failWith({ code: 550, message: 'No such mailbox' }, 1);
    const id = (await mail.send(notice({ to: 'refused@example.com' })))!;
    await waitFor(async () => (await state(id)).state === 'dead', 15_000, 'a dead letter');
    const dead = await request(t.app.getHttpServer())
      .get('/api/outbox?state=dead')
      .set('Authorization', t.bearer)
      .expect(200);
    expect(dead.body.map((m: { id: string }) => m.id)).toContain(id);
    await request(t.app.getHttpServer()).post(`/api/outbox/${id}/retry`).set('Authorization', t.bearer).expect(202);
    await waitFor(() => received('refused@example.com'), 15_000, 'delivery after retry');
    expect((await state(id)).state).toBe('sent');
  });

  it('retries after a temporary refusal (4xx)', async () => {
    mail.sink.failWith({ code: 451, message: 'Try again later' }, 2);
    const id = (await mail.send(notice({ to: 'greylisted@example.com' })))!;
    await waitFor(() => received('greylisted@example.com'), 30_000, 'delivery after greylisting');
    expect((await state(id)).attempts).toBe(3);
  });

  describe('to a member', () => {
    it('carries List-Unsubscribe headers and a visible unsubscribe link', async () => {
      await mail.send(notice({ to: 'li.wei@example.com', memberId, locale: 'zh-CN' }));
      await waitFor(() => received('li.wei@example.com'));
      const [got] = await t.db.query(
        `SELECT headers, html, text FROM mailbox_messages WHERE 'li.wei@example.com' = ANY (envelope_to)`,
      );
      const link = `http://localhost:3000/unsubscribe/${unsubscribeToken(t.env.APP_SECRET!, memberId)}`;
      expect(got.headers['list-unsubscribe']).toBe(`<${link}>`);
      expect(got.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
      expect(got.html).toContain(`href="${link}"`);
      expect(got.text).toContain(link);
    });

    it('shows a confirm page on GET (changing nothing) and unsubscribes on the one-click POST', async () => {
      const path = `/unsubscribe/${unsubscribeToken(t.env.APP_SECRET!, memberId)}`;
      const page = await request(t.app.getHttpServer()).get(path).expect(200);
      expect(page.text).toContain('确认退订');
      const before = await t.db.query('SELECT unsubscribed_at FROM members WHERE id = $1', [memberId]);
      expect(before[0].unsubscribed_at).toBeNull();
      await request(t.app.getHttpServer()).post(path).type('form').send('List-Unsubscribe=One-Click').expect(200);
      const after = await t.db.query('SELECT unsubscribed_at FROM members WHERE id = $1', [memberId]);
      expect(after[0].unsubscribed_at).not.toBeNull();
    });

    it('sends nothing more to an unsubscribed member', async () => {
      expect(await mail.send(notice({ to: 'li.wei@example.com', memberId }))).toBeNull();
    });

    it('answers a tampered unsubscribe link with a plain 404 page', async () => {
      const res = await request(t.app.getHttpServer())
        .get('/unsubscribe/1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')
        .expect(404);
      expect(res.text).toContain('This link is not valid');
    });
  });

  it('shows received mail on the Mailbox page with the message in a sandboxed frame', async () => {
    const { agent } = await signedIn(t, 'staff');
    const list = await agent.get('/mailbox').expect(200);
    const id = /href="\/mailbox\/(\d+)"/.exec(list.text)![1];
    const page = await agent.get(`/mailbox/${id}`).expect(200);
    expect(page.text).toContain(`src="/mailbox/${id}/html"`);
    const html = await agent.get(`/mailbox/${id}/html`).expect(200);
    expect(html.headers['content-security-policy']).toContain('sandbox');
    expect(html.text).toContain('<base target="_blank">');
  });
});

describe('two app instances on one database', () => {
  it('deliver every message exactly once', async () => {
    const a = await createTestApp();
    const b = await createTestApp({}, { url: a.databaseUrl });
    try {
      const mailA = a.app.get(MailOutboxService);
      const mailB = b.app.get(MailOutboxService);
      for (let i = 0; i < 100; i++) {
        await (i % 2 ? mailA : mailB).send({
          idempotencyKey: `pair-${i}`,
          to: `pair${i}@example.com`,
          template: 'notice',
          locale: 'en',
          data: { title: `Pair ${i}`, name: 'Fan', paragraphs: [] },
        });
      }
      await waitFor(
        async () =>
          Number((await a.db.query(`SELECT count(*) AS n FROM outbox_messages WHERE state = 'sent'`))[0].n) === 100,
        30_000,
        'all sent',
      );
      const [counts] = await a.db.query(
        `SELECT count(*)::int AS total, count(DISTINCT message_id)::int AS distinct_ids FROM mailbox_messages`,
      );
      expect(counts).toEqual({ total: 100, distinct_ids: 100 });
    } finally {
      await b.close();
      await a.close();
    }
  });
});
