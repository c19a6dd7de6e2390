import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MailboxMessage } from './mailbox-message.entity';

@Injectable()
export class MailboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first (primary key order). */
  list(limit: number, to?: string): Promise<MailboxMessage[]> {
    return this.dataSource.query(
      `SELECT id::text, message_id AS "messageId", envelope_to AS "envelopeTo", subject, received_at AS "receivedAt",
              jsonb_array_length(attachments) AS "attachmentCount"
         FROM mailbox_messages
        WHERE $2::text IS NULL OR $2 = ANY (envelope_to)
        ORDER BY id DESC LIMIT $1`,
      [limit, to ?? null],
    );
  }

  find(id: string): Promise<MailboxMessage | null> {
    return this.dataSource.getRepository(MailboxMessage).findOne({ where: { id } });
  }
}
