import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MailboxMessage } from './mailbox-message.entity';

export interface MailboxListItem {
  id: string;
  messageId: string | null;
  envelopeTo: string[];
  subject: string;
  receivedAt: Date;
  attachmentCount: number;
}

@Injectable()
export class MailboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first (primary key order). */
  list(limit: number, to?: string): Promise<MailboxListItem[]> {
    return this.page({ limit, to });
  }

  /**
   * One page, newest first: older than `before` (an id), to `to` (an exact envelope recipient),
   * with `subject` in the subject (case-insensitive, taken literally: no LIKE wildcards).
   */
  page(filter: { limit: number; to?: string; subject?: string; before?: string }): Promise<MailboxListItem[]> {
    return this.dataSource.query(
      `SELECT id::text, message_id AS "messageId", envelope_to AS "envelopeTo", subject, received_at AS "receivedAt",
              jsonb_array_length(attachments) AS "attachmentCount"
         FROM mailbox_messages
        WHERE ($2::text IS NULL OR $2 = ANY (envelope_to))
          AND ($3::text IS NULL OR strpos(lower(subject), lower($3)) > 0)
          AND ($4::bigint IS NULL OR id < $4)
        ORDER BY id DESC LIMIT $1`,
      [filter.limit, filter.to ?? null, filter.subject ?? null, filter.before ?? null],
    );
  }

  find(id: string): Promise<MailboxMessage | null> {
    return this.dataSource.getRepository(MailboxMessage).findOne({ where: { id } });
  }
}
