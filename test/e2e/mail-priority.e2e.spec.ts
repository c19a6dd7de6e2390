import { MailOutboxService, PERSONAL_MAIL_PRIORITY } from '../../src/mail/mail-outbox.service';
import { createTestApp, TestApp } from '../support/test-app';

describe('mail priority', () => {
  let t: TestApp;
  // No workers: the jobs stay queued, in the order a worker would fetch them.
  beforeAll(async () => (t = await createTestApp({ JOBS_WORKERS: 'false' })));
  afterAll(() => t.close());

  it('queues an RSVP confirmation ahead of a wave of invitations queued before it', async () => {
    const mail = t.app.get(MailOutboxService);
    const request = (key: string, template: string) => ({
      idempotencyKey: key,
      to: `${key}@example.com`,
      template,
      locale: 'en' as const,
      data: {},
    });
    const wave = await t.db.transaction((m) =>
      mail.enqueueMany(m, [request('wave-1', 'invitation'), request('wave-2', 'invitation')]),
    );
    const [confirmation] = await t.db.transaction((m) => mail.enqueueMany(m, [request('rsvp-1', 'rsvp-changed')]));
    // pg-boss fetches by priority, then age (its fetchNextJob).
    const order: { outbox_id: string; priority: number }[] = await t.db.query(
      `SELECT data->>'outboxId' AS outbox_id, priority FROM pgboss.job
        WHERE name = 'mail-deliver' AND data->>'outboxId' = ANY ($1::text[])
        ORDER BY priority DESC, created_on, id`,
      [[...wave, confirmation]],
    );
    // The wave's two jobs share one created_on (one statement): between them pg-boss goes by their random ids.
    expect(order[0].outbox_id).toBe(confirmation);
    expect(order.slice(1).map((j) => j.outbox_id)).toEqual(expect.arrayContaining(wave));
    expect(order.map((j) => j.priority)).toEqual([PERSONAL_MAIL_PRIORITY, 0, 0]);
  });
});
