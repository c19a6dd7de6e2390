import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { MailAttachment, OutboxMessage, OutboxState } from './outbox-message.entity';

export interface NewOutboxMessage {
  idempotencyKey: string;
  messageId: string;
  recipient: string;
  memberId: string | null;
  template: string;
  locale: string;
  data: Record<string, unknown>;
  attachments: MailAttachment[];
}

const COLUMNS = `id, idempotency_key AS "idempotencyKey", message_id AS "messageId", recipient, member_id AS "memberId",
  template, locale, data, attachments, state, attempts, last_error AS "lastError", lease_until AS "leaseUntil",
  created_at AS "createdAt", sent_at AS "sentAt"`;

@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The new row's id, or null when the idempotency key was used before (outbox_messages_idempotency_key_key). */
  async insert(manager: EntityManager, m: NewOutboxMessage): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO outbox_messages (idempotency_key, message_id, recipient, member_id, template, locale, data, attachments)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id`,
      [
        m.idempotencyKey,
        m.messageId,
        m.recipient,
        m.memberId,
        m.template,
        m.locale,
        JSON.stringify(m.data),
        JSON.stringify(m.attachments),
      ],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Takes the message for sending, atomically: only one worker of any instance
   * wins, and a 'sending' row whose lease ran out (its worker died) can be taken again.
   */
  async claim(id: string, leaseSeconds: number): Promise<OutboxMessage | null> {
    const rows: OutboxMessage[] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE outbox_messages
            SET state = 'sending', attempts = attempts + 1, lease_until = now() + make_interval(secs => $2)
          WHERE id = $1 AND (state = 'queued' OR (state = 'sending' AND lease_until < now()))
          RETURNING *
       )
       SELECT ${COLUMNS} FROM claimed`,
      [id, leaseSeconds],
    );
    return rows[0] ?? null;
  }

  async markSent(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE outbox_messages SET state = 'sent', sent_at = now(), lease_until = NULL, last_error = NULL WHERE id = $1`,
      [id],
    );
  }

  async release(id: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE outbox_messages SET state = 'queued', lease_until = NULL, last_error = $2 WHERE id = $1`,
      [id, error.slice(0, 1000)],
    );
  }

  async markDead(id: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE outbox_messages SET state = 'dead', lease_until = NULL, last_error = $2 WHERE id = $1`,
      [id, error.slice(0, 1000)],
    );
  }

  /** A dead letter goes back to the queue with a fresh count of attempts. */
  async revive(id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH revived AS (
         UPDATE outbox_messages SET state = 'queued', attempts = 0, last_error = NULL WHERE id = $1 AND state = 'dead' RETURNING id
       )
       SELECT id FROM revived`,
      [id],
    );
    return rows.length > 0;
  }

  /**
   * Messages no job will deliver: never tried long after being queued (their job
   * was lost), or 'sending' with an expired lease (their worker died mid-send).
   * Messages waiting for a retry belong to their pg-boss retry. Uses the state index.
   */
  async stalled(olderThanSeconds: number, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM outbox_messages
        WHERE (state = 'queued' AND attempts = 0 AND created_at < now() - make_interval(secs => $1))
           OR (state = 'sending' AND lease_until < now())
        ORDER BY created_at
        LIMIT $2`,
      [olderThanSeconds, limit],
    );
    return rows.map((r) => r.id);
  }

  list(state: OutboxState | undefined, limit: number): Promise<OutboxMessage[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM outbox_messages WHERE $1::text IS NULL OR state = $1 ORDER BY created_at DESC LIMIT $2`,
      [state ?? null, limit],
    );
  }

  async counts(): Promise<Record<string, number>> {
    const rows: { state: string; n: string }[] = await this.dataSource.query(
      'SELECT state, count(*) AS n FROM outbox_messages GROUP BY state',
    );
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }
}
