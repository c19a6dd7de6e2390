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

/** A message waiting for its delivery job: the template decides the job's priority. */
export interface QueuedMessage {
  id: string;
  template: string;
}

/** A message as an outbox row in JSON (insertMany's jsonb_to_recordset; the rsvp_seek_seat function). */
export function outboxRecord(m: NewOutboxMessage) {
  return {
    idempotency_key: m.idempotencyKey,
    message_id: m.messageId,
    recipient: m.recipient,
    member_id: m.memberId,
    template: m.template,
    locale: m.locale,
    data: m.data,
    attachments: m.attachments,
  };
}

/** One failed attempt: the message, the claim it failed under (its attempt count then), and why. */
export interface AttemptFailure {
  id: string;
  attempts: number;
  error: string;
}

const COLUMNS = `id, idempotency_key AS "idempotencyKey", message_id AS "messageId", recipient, member_id AS "memberId",
  template, locale, data, attachments, state, attempts, last_error AS "lastError", lease_until AS "leaseUntil",
  created_at AS "createdAt", sent_at AS "sentAt"`;

@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Ids of the new rows. Skipped: a message whose idempotency key was used before
   * (outbox_messages_idempotency_key_key), and one for a member who unsubscribed (members' primary key) —
   * checked in this statement rather than a query of its own, as callers hold a meetup's lock meanwhile.
   */
  async insertMany(manager: EntityManager, messages: NewOutboxMessage[]): Promise<QueuedMessage[]> {
    if (messages.length === 0) return [];
    const rows: QueuedMessage[] = await manager.query(
      `INSERT INTO outbox_messages (idempotency_key, message_id, recipient, member_id, template, locale, data, attachments)
       SELECT x.idempotency_key, x.message_id, x.recipient, x.member_id, x.template, x.locale, x.data, x.attachments
         FROM jsonb_to_recordset($1::jsonb) AS x(idempotency_key text, message_id text, recipient text, member_id bigint,
                                                 template text, locale text, data jsonb, attachments jsonb)
         LEFT JOIN members m ON m.id = x.member_id
        WHERE m.unsubscribed_at IS NULL
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id, template`,
      [JSON.stringify(messages.map(outboxRecord))],
    );
    return rows;
  }

  /**
   * Takes messages for sending, atomically: only one worker of any instance
   * wins each, and a 'sending' row whose lease ran out (its worker died) can be
   * taken again. One statement for the whole batch.
   */
  async claimMany(ids: string[], leaseSeconds: number): Promise<OutboxMessage[]> {
    return this.dataSource.query(
      `WITH claimed AS (
         UPDATE outbox_messages
            SET state = 'sending', attempts = attempts + 1, lease_until = now() + make_interval(secs => $2)
          WHERE id = ANY ($1::uuid[]) AND (state = 'queued' OR (state = 'sending' AND lease_until < now()))
          RETURNING *
       )
       SELECT ${COLUMNS} FROM claimed`,
      [ids, leaseSeconds],
    );
  }

  async markSentMany(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `UPDATE outbox_messages SET state = 'sent', sent_at = now(), lease_until = NULL, last_error = NULL WHERE id = ANY ($1::uuid[])`,
      [ids],
    );
  }

  /**
   * Failed attempts go back to the queue (for their job's retry) or to the dead
   * letters, one statement for the batch. Only rows still held by that attempt
   * change: if the lease ran out and another worker took the message over, its
   * claim (a higher attempt count) wins.
   */
  async releaseMany(failures: AttemptFailure[]): Promise<void> {
    await this.endAttempts(failures, 'queued');
  }

  async markDeadMany(failures: AttemptFailure[]): Promise<void> {
    await this.endAttempts(failures, 'dead');
  }

  private async endAttempts(failures: AttemptFailure[], state: 'queued' | 'dead'): Promise<void> {
    if (failures.length === 0) return;
    await this.dataSource.query(
      `UPDATE outbox_messages o SET state = $4, lease_until = NULL, last_error = f.error
         FROM unnest($1::uuid[], $2::int[], $3::text[]) AS f(id, attempts, error)
        WHERE o.id = f.id AND o.attempts = f.attempts AND o.state = 'sending'`,
      [failures.map((f) => f.id), failures.map((f) => f.attempts), failures.map((f) => f.error.slice(0, 1000)), state],
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
  async stalled(olderThanSeconds: number, limit: number): Promise<QueuedMessage[]> {
    return this.dataSource.query(
      `SELECT id, template FROM outbox_messages
        WHERE (state = 'queued' AND attempts = 0 AND created_at < now() - make_interval(secs => $1))
           OR (state = 'sending' AND lease_until < now())
        ORDER BY created_at
        LIMIT $2`,
      [olderThanSeconds, limit],
    );
  }

  list(state: OutboxState | undefined, limit: number): Promise<OutboxMessage[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM outbox_messages WHERE $1::text IS NULL OR state = $1 ORDER BY created_at DESC LIMIT $2`,
      [state ?? null, limit],
    );
  }

  /** Dead letters, counted up to `cap` (outbox_messages_state_created_at_idx). */
  async deadLetters(cap = 1000): Promise<{ count: number; oldest: Date | null }> {
    const [row]: { n: string; oldest: Date | null }[] = await this.dataSource.query(
      `SELECT count(*) AS n, min(created_at) AS oldest
         FROM (SELECT created_at FROM outbox_messages WHERE state = 'dead' ORDER BY created_at LIMIT $1) d`,
      [cap],
    );
    return { count: Number(row.n), oldest: row.oldest };
  }

  async counts(): Promise<Record<string, number>> {
    const rows: { state: string; n: string }[] = await this.dataSource.query(
      'SELECT state, count(*) AS n FROM outbox_messages GROUP BY state',
    );
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }
}
