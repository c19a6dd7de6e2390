import request from 'supertest';
import { createTestApp, TestApp } from '../support/test-app';

/** GET /api/mailbox: what the SMTP sink received, paged and filtered by recipient and subject. */
describe('Mailbox API', () => {
  let t: TestApp;
  const get = (query: Record<string, string | number>) =>
    request(t.app.getHttpServer()).get('/api/mailbox').query(query).set('Authorization', t.bearer);

  beforeAll(async () => {
    t = await createTestApp();
    // As the sink stores them (oldest first): 5 to ana (every other one about "Seat"), 2 to bo.
    for (let i = 1; i <= 7; i++) {
      const to = i <= 5 ? 'ana@example.com' : 'bo@example.com';
      await t.db.query(`INSERT INTO mailbox_messages (message_id, envelope_to, subject) VALUES ($1, $2, $3)`, [
        `<m${i}@mailbox.test>`,
        [to, 'cc@example.com'],
        i % 2 ? `A seat is free: meetup ${i}` : `Reminder ${i} 100%_off`,
      ]);
    }
  });
  afterAll(() => t.close());

  it('filters by recipient and subject (case-insensitive, literally) and pages newest first', async () => {
    const first = await get({ to: 'ana@example.com', limit: 2 }).expect(200);
    expect(first.body.messages.map((m: { subject: string }) => m.subject)).toEqual([
      'A seat is free: meetup 5',
      'Reminder 4 100%_off',
    ]);
    expect(first.body.next).toEqual(first.body.messages[1].id);
    const second = await get({ to: 'ana@example.com', limit: 2, before: first.body.next }).expect(200);
    expect(second.body.messages.map((m: { subject: string }) => m.subject)).toEqual([
      'A seat is free: meetup 3',
      'Reminder 2 100%_off',
    ]);
    const last = await get({ to: 'ana@example.com', limit: 2, before: second.body.next }).expect(200);
    expect(last.body.messages).toHaveLength(1);
    expect(last.body.next).toBeNull();

    const seats = await get({ subject: 'SEAT IS', to: 'bo@example.com' }).expect(200);
    expect(seats.body.messages.map((m: { subject: string }) => m.subject)).toEqual(['A seat is free: meetup 7']);
    // % and _ are text, not wildcards.
    expect((await get({ subject: '0%_' }).expect(200)).body.messages).toHaveLength(3);
    expect((await get({ subject: '%' }).expect(200)).body.messages).toHaveLength(3);
    expect((await get({ to: 'nobody@example.com' }).expect(200)).body).toEqual({ messages: [], next: null });
  });

  it('refuses bad filters and cursors with 400', async () => {
    const bads: Record<string, string | number>[] = [
      { to: 'not-an-address' },
      { before: 'abc' },
      { limit: 0 },
      { limit: 201 },
      { limit: 'many' },
      { subject: 'x'.repeat(201) },
      { color: 'red' },
    ];
    for (const bad of bads) await get(bad).expect(400);
  });

  it('documents the query and the page in OpenAPI', async () => {
    const doc = (await request(t.app.getHttpServer()).get('/api/docs-json').set('Authorization', t.bearer).expect(200))
      .body;
    const op = doc.paths['/api/mailbox'].get;
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['before', 'limit', 'subject', 'to']);
    expect(op.responses['200'].content['application/json'].schema.$ref).toMatch(/MailboxPageDto/);
    expect(op.responses['400']).toBeDefined();
  });
});
