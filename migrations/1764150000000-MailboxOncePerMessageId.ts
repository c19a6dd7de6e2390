import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The embedded SMTP sink keeps one row per Message-ID and counts the copies:
 * a message resent after a crash (same Message-ID) is recognised as the same
 * message, as a receiving mail system would, and the Mailbox shows it once.
 */
export class MailboxOncePerMessageId1764150000000 implements MigrationInterface {
  name = 'MailboxOncePerMessageId1764150000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE mailbox_messages ADD COLUMN copies integer NOT NULL DEFAULT 1`);
    // Sink data from before: fold repeated Message-IDs into their first row.
    await db.query(`
      WITH repeated AS (
        SELECT message_id, min(id) AS first_id, count(*)::int AS n
          FROM mailbox_messages WHERE message_id IS NOT NULL GROUP BY message_id HAVING count(*) > 1
      ), folded AS (
        UPDATE mailbox_messages m SET copies = r.n FROM repeated r WHERE m.id = r.first_id RETURNING m.id
      )
      DELETE FROM mailbox_messages m USING repeated r WHERE m.message_id = r.message_id AND m.id <> r.first_id`);
    await db.query(`DROP INDEX mailbox_messages_message_id_idx`);
    await db.query(`CREATE UNIQUE INDEX mailbox_messages_message_id_key ON mailbox_messages (message_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX mailbox_messages_message_id_key`);
    await db.query(`CREATE INDEX mailbox_messages_message_id_idx ON mailbox_messages (message_id)`);
    await db.query(`ALTER TABLE mailbox_messages DROP COLUMN copies`);
  }
}
