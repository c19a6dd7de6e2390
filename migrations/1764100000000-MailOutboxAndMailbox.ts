import { MigrationInterface, QueryRunner } from 'typeorm';

export class MailOutboxAndMailbox1764100000000 implements MigrationInterface {
  name = 'MailOutboxAndMailbox1764100000000';

  async up(db: QueryRunner): Promise<void> {
    // Every message the app decided to send, written in the same transaction as the change that caused it.
    await db.query(`
      CREATE TABLE outbox_messages (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        idempotency_key text NOT NULL CONSTRAINT outbox_messages_idempotency_key_key UNIQUE
                          CHECK (length(idempotency_key) BETWEEN 1 AND 300),
        message_id      text NOT NULL CONSTRAINT outbox_messages_message_id_key UNIQUE,
        recipient       text NOT NULL CHECK (recipient ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
        member_id       bigint CONSTRAINT outbox_messages_member_id_fkey REFERENCES members (id) ON DELETE SET NULL,
        template        text NOT NULL CHECK (template ~ '^[a-z0-9-]+$'),
        locale          text NOT NULL CHECK (locale IN ('zh-CN', 'en')),
        data            jsonb NOT NULL DEFAULT '{}',
        attachments     jsonb NOT NULL DEFAULT '[]',
        state           text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'dead')),
        attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error      text,
        lease_until     timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now(),
        sent_at         timestamptz,
        CONSTRAINT outbox_messages_sent_check CHECK ((state = 'sent') = (sent_at IS NOT NULL))
      )`);
    // Dead letters and what is still waiting, newest first (the dead-letter page and the sweeper).
    await db.query(`CREATE INDEX outbox_messages_state_created_at_idx ON outbox_messages (state, created_at)`);

    // What the embedded SMTP sink received (development and tests): the Mailbox page reads it.
    await db.query(`
      CREATE TABLE mailbox_messages (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        message_id    text,
        envelope_from text,
        envelope_to   text[] NOT NULL DEFAULT '{}',
        subject       text NOT NULL DEFAULT '',
        html          text,
        text          text,
        headers       jsonb NOT NULL DEFAULT '{}',
        attachments   jsonb NOT NULL DEFAULT '[]',
        received_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX mailbox_messages_message_id_idx ON mailbox_messages (message_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE mailbox_messages`);
    await db.query(`DROP TABLE outbox_messages`);
  }
}
