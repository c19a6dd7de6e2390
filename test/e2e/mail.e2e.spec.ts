import request from 'supertest';
import { DataSource } from 'typeorm';
import { JobsService } from '../../src/jobs/jobs.service';
import { DELIVERY_QUEUE, MailOutboxService, MailRequest } from '../../src/mail/mail-outbox.service';
import { unsubscribeToken } from '../../src/mail/unsubscribe-link';
import { MemberImportService } from '../../src/members/member-import.service';
import { csrfFrom, signedIn } from '../support/accounts';
import { memberCsv, streamOf } from '../support/csv';
import { createTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

const PUBLIC_URL = 'http://meetups.example.test:8080';

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
  /** Copies that reached the SMTP sink for this address (a Message-ID that arrives twice counts twice). */
  const received = async (to: string) =>
    Number(
      (
        await t.db.query('SELECT coalesce(sum(copies), 0) AS n FROM mailbox_messages WHERE $1 = ANY (envelope_to)', [
          to,
        ])
      )[0].n,
    );
  const state = async (id: string) =>
    (await t.db.query('SELECT state, attempts FROM outbox_messages WHERE id = $1', [id]))[0] as {
      state: string;
      attempts: number;
    };
  /** Marked sent: the sink stores a message before its 250, the app marks it after, so this implies received. */
  const sentOut = (id: string, ms = 15_000) =>
    waitFor(async () => (await state(id)).state === 'sent', ms, `message ${id} marked sent`);

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL });
    mail = t.app.get(MailOutboxService);
    await t.db.query(`INSERT INTO cities (name) VALUES ('Chengdu')`);
    await t.app
      .get(MemberImportService)
      .importCsv(streamOf(memberCsv('m-1,li.wei@example.com,李伟,Chengdu,,zh-CN,2019-04-01,1,false')));
    memberId = (await t.db.query(`SELECT id::text FROM members WHERE external_id = 'm-1'`))[0].id;
  });
  afterAll(() => t.close());

  it('sends a message to the SMTP peer with a stable Message-ID', async () => {
    const id = (await mail.send(notice({ to: 'first@example.com' })))!;
    await sentOut(id);
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

  it('makes one message of a key repeated within one wave, or by two transactions at once', async () => {
    const wave = await t.app
      .get(DataSource)
      .transaction((manager) =>
        mail.enqueueMany(manager, [
          notice({ to: 'wave@example.com', idempotencyKey: 'wave-1' }),
          notice({ to: 'wave@example.com', idempotencyKey: 'wave-1' }),
        ]),
      );
    const racing = await Promise.all(
      [1, 2].map(() => mail.send(notice({ to: 'racing@example.com', idempotencyKey: 'racing-1' }))),
    );
    expect(wave).toHaveLength(1);
    expect(racing.filter((id) => id !== null)).toHaveLength(1);
    await waitFor(async () => (await received('wave@example.com')) && (await received('racing@example.com')));
    await mail.send(notice({ to: 'after-wave@example.com' }));
    await waitFor(() => received('after-wave@example.com'));
    expect(await received('wave@example.com')).toBe(1);
    expect(await received('racing@example.com')).toBe(1);
  });

  it('keeps trying while the SMTP server is down and delivers everything, once, when it is back', async () => {
    const port = mail.sink.port;
    await mail.sink.stop();
    const ids = [(await mail.send(notice({ to: 'outage-0@example.com' })))!];
    ids.push(
      ...(await t.app.get(DataSource).transaction((manager) =>
        mail.enqueueMany(
          manager,
          [1, 2, 3, 4, 5].map((i) => notice({ to: `outage-${i}@example.com` })),
        ),
      )),
    );
    ids.push((await mail.send(notice({ to: 'outage-6@example.com' })))!);
    // The first attempts fail and tell the worker the relay is down; from then on it holds its batch and asks
    // the relay every 2 s rather than spending each message's attempts (and scattering them over retry clocks).
    await waitFor(
      async () => (await Promise.all(ids.map(state))).some((s) => s.attempts >= 1),
      15_000,
      'a failed attempt',
    );
    await new Promise((r) => setTimeout(r, 3000));
    expect(ids).toHaveLength(7);
    for (const id of ids) expect(await state(id)).toEqual({ state: 'queued', attempts: expect.any(Number) });
    expect(Math.max(...(await Promise.all(ids.map(state))).map((s) => s.attempts))).toBe(1);
    await mail.sink.start(port);
    await waitFor(
      async () => (await Promise.all(ids.map(state))).every((s) => s.state === 'sent'),
      30_000,
      'delivery after the outage',
    );
    for (let i = 0; i <= 6; i++) expect(await received(`outage-${i}@example.com`)).toBe(1);
  });

  it('puts a message refused for good (5xx) in the dead letters, and "retry" sends it', async () => {
    mail.sink.failWith({ code: 550, message: 'No such mailbox' }, 1);
    const id = (await mail.send(notice({ to: 'refused@example.com' })))!;
    await waitFor(async () => (await state(id)).state === 'dead', 15_000, 'a dead letter');
    expect(await received('refused@example.com')).toBe(0);
    const dead = await request(t.app.getHttpServer())
      .get('/api/outbox?state=dead')
      .set('Authorization', t.bearer)
      .expect(200);
    expect(dead.body.find((m: { id: string }) => m.id === id)).toMatchObject({
      lastError: expect.stringMatching(/550/),
    });
    await request(t.app.getHttpServer()).post(`/api/outbox/${id}/retry`).set('Authorization', t.bearer).expect(202);
    await sentOut(id);
    expect(await received('refused@example.com')).toBe(1);
  });

  it('lists dead letters on the Mailbox page, whose "Retry" button sends the message', async () => {
    mail.sink.failWith({ code: 554, message: 'Rejected by policy' }, 1);
    const id = (await mail.send(notice({ to: 'refused-page@example.com' })))!;
    await waitFor(async () => (await state(id)).state === 'dead', 15_000, 'a dead letter');
    const { agent } = await signedIn(t, 'staff');
    const page = await agent.get('/mailbox').expect(200);
    const row = new RegExp(
      `refused-page@example\\.com.*?Rejected by policy.*?action="/mailbox/outbox/${id}/retry"`,
      's',
    );
    expect(page.text).toMatch(row);
    await agent
      .post(`/mailbox/outbox/${id}/retry`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303)
      .expect('Location', '/mailbox');
    await sentOut(id);
    expect(await received('refused-page@example.com')).toBe(1);
  });

  it('retries after a temporary refusal (4xx)', async () => {
    mail.sink.failWith({ code: 451, message: 'Try again later' }, 2);
    const id = (await mail.send(notice({ to: 'greylisted@example.com' })))!;
    await waitFor(() => received('greylisted@example.com'), 30_000, 'delivery after greylisting');
    expect((await state(id)).attempts).toBe(3);
  });

  describe('to a member', () => {
    const rsvp = `${PUBLIC_URL}/rsvp/example-token`;
    let got: { id: string; headers: Record<string, string>; html: string; text: string };

    beforeAll(async () => {
      await mail.send(
        notice({
          to: 'li.wei@example.com',
          memberId,
          locale: 'zh-CN',
          data: { title: '成都同城会', name: '李伟', paragraphs: ['欢迎。'], actionUrl: rsvp, actionLabel: '回复' },
        }),
      );
      await waitFor(() => received('li.wei@example.com'));
      [got] = await t.db.query(
        `SELECT id::text, headers, html, text FROM mailbox_messages WHERE 'li.wei@example.com' = ANY (envelope_to)`,
      );
    });

    it('carries List-Unsubscribe headers (RFC 8058) and a visible unsubscribe link, all to PUBLIC_URL', async () => {
      const link = `${PUBLIC_URL}/unsubscribe/${unsubscribeToken(t.env.APP_SECRET!, memberId)}`;
      expect(got.headers['list-unsubscribe']).toBe(`<${link}>`);
      expect(got.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
      expect(got.html).toContain(`href="${link}"`);
      expect(got.text).toContain(link);
    });

    it('shows the message on the Mailbox page with its links as clickable anchors to PUBLIC_URL (for admins)', async () => {
      const { agent } = await signedIn(t, 'admin');
      const list = await agent.get('/mailbox').expect(200);
      expect(list.text).toContain(`<a href="/mailbox/${got.id}">成都同城会</a>`);
      const page = await agent.get(`/mailbox/${got.id}`).expect(200);
      // The frame may open popups: a click on a link in the message opens it in a new tab.
      expect(page.text).toMatch(
        new RegExp(
          `<iframe[^>]+src="/mailbox/${got.id}/html"[^>]+sandbox="[^"]*allow-popups[^"]*allow-popups-to-escape-sandbox`,
        ),
      );
      const frame = await agent.get(`/mailbox/${got.id}/html`).expect(200);
      const csp = frame.headers['content-security-policy'];
      expect(csp).toMatch(/sandbox allow-popups allow-popups-to-escape-sandbox/);
      expect(csp).not.toMatch(/script-src/);
      expect(frame.text.startsWith('<base target="_blank">')).toBe(true);
      const hrefs = [...frame.text.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
      expect(hrefs).toEqual([rsvp, `${PUBLIC_URL}/unsubscribe/${unsubscribeToken(t.env.APP_SECRET!, memberId)}`]);
    });

    it('shows the Mailbox in the language of a zh-CN account', async () => {
      const { agent, account } = await signedIn(t, 'staff');
      await t.db.query(`UPDATE accounts SET locale = 'zh-CN' WHERE id = $1`, [account.id]);
      const list = await agent.get('/mailbox').expect(200);
      expect(list.text).toContain('<title>邮件 · Meetloop</title>');
      expect(list.text).toContain('<h2>收到的邮件</h2>');
      const page = await agent.get(`/mailbox/${got.id}`).expect(200);
      expect(page.text).toContain('<summary>邮件头</summary>');
    });

    it('shows a confirm page on GET (changing nothing) and unsubscribes on the one-click POST to the header URL', async () => {
      const url = new URL(/^<(.+)>$/.exec(got.headers['list-unsubscribe'])![1]);
      expect(url.origin).toBe(PUBLIC_URL);
      const page = await request(t.app.getHttpServer()).get(url.pathname).expect(200);
      expect(page.text).toContain('确认退订');
      expect(page.text).toContain('<html lang="zh-CN">');
      expect(page.text).toContain('<title>退订 · Meetloop</title>');
      const before = await t.db.query('SELECT unsubscribed_at FROM members WHERE id = $1', [memberId]);
      expect(before[0].unsubscribed_at).toBeNull();
      // What a mail client sends (RFC 8058 §3.2): no cookie, no CSRF token, just this body.
      await request(t.app.getHttpServer())
        .post(url.pathname)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send('List-Unsubscribe=One-Click')
        .expect(200);
      const after = await t.db.query('SELECT unsubscribed_at FROM members WHERE id = $1', [memberId]);
      expect(after[0].unsubscribed_at).not.toBeNull();
    });

    it('sends nothing more to an unsubscribed member', async () => {
      expect(await mail.send(notice({ to: 'li.wei@example.com', memberId }))).toBeNull();
      await mail.send(notice({ to: 'after-unsubscribe@example.com' }));
      await waitFor(() => received('after-unsubscribe@example.com'));
      expect(await received('li.wei@example.com')).toBe(1);
    });

    it('answers a tampered unsubscribe link with a plain 404 page', async () => {
      const res = await request(t.app.getHttpServer())
        .get('/unsubscribe/1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')
        .expect(404);
      expect(res.text).toContain('This link is not valid');
      await request(t.app.getHttpServer())
        .post('/unsubscribe/1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')
        .send('List-Unsubscribe=One-Click')
        .expect(404);
    });
  });

  it('keeps a message that arrives twice with one Message-ID once on the Mailbox page, counting the copies', async () => {
    const id = (await mail.send(notice({ to: 'twice@example.com' })))!;
    await sentOut(id);
    // As after a crash between the 250 and the mark: the same message is claimed and sent again.
    await t.db.query(`UPDATE outbox_messages SET state = 'queued', sent_at = NULL WHERE id = $1`, [id]);
    await mail.deliverBatch([id]);
    expect(await received('twice@example.com')).toBe(2);
    const rows = await t.db.query(
      `SELECT id::text, copies FROM mailbox_messages WHERE 'twice@example.com' = ANY (envelope_to)`,
    );
    expect(rows).toEqual([{ id: expect.any(String), copies: 2 }]);
    const { agent } = await signedIn(t, 'staff');
    expect((await agent.get(`/mailbox/${rows[0].id}`).expect(200)).text).toContain(
      'arrived 2 times with this Message-ID',
    );
  });
});

describe('two app instances on one database', () => {
  it('deliver every message exactly once, even when both enqueue the same messages', async () => {
    const a = await createTestApp();
    const b = await createTestApp({}, { url: a.databaseUrl });
    try {
      const wave = (from: number) =>
        Array.from({ length: 100 }, (_, k) => ({
          idempotencyKey: `pair-${from + k}`,
          to: `pair${from + k}@example.com`,
          template: 'notice',
          locale: 'en' as const,
          data: { title: `Pair ${from + k}`, name: 'Fan', paragraphs: [] },
        }));
      // Both instances enqueue the same 200 messages, in waves and one by one, at the same time.
      await Promise.all(
        [a, b].map(async (instance) => {
          const mail = instance.app.get(MailOutboxService);
          for (const from of [0, 100])
            await instance.db.transaction((manager) => mail.enqueueMany(manager, wave(from)));
          for (const request of wave(200).slice(0, 20)) await mail.send(request);
          instance.app.get(JobsService).notify(DELIVERY_QUEUE);
        }),
      );
      // Both instances also try the same messages at once, as when a sweep re-queued a message that still had its
      // job: the claim lets one of them have each.
      const ids: string[] = (await a.db.query(`SELECT id FROM outbox_messages ORDER BY created_at DESC LIMIT 60`)).map(
        (r: { id: string }) => r.id,
      );
      await Promise.all([a, b, a, b].map((instance) => instance.app.get(MailOutboxService).deliverBatch(ids)));
      const sent = async () =>
        Number((await a.db.query(`SELECT count(*) AS n FROM outbox_messages WHERE state = 'sent'`))[0].n);
      await waitFor(async () => (await sent()) === 220, 30_000, 'all sent');
      const [counts] = await a.db.query(
        `SELECT count(*)::int AS rows, sum(copies)::int AS arrivals,
                count(*) FILTER (WHERE message_id IN (SELECT message_id FROM outbox_messages))::int AS known
           FROM mailbox_messages`,
      );
      expect(counts).toEqual({ rows: 220, arrivals: 220, known: 220 });
      expect((await a.db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE attempts <> 1`))[0].n).toBe(0);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
