import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The forum announcement of a meetup: the text staff edit, and the state of its
 * publication (to the forum webhook, or marked by hand). One row per meetup.
 */
export class MeetupAnnouncements1764200000000 implements MigrationInterface {
  name = 'MeetupAnnouncements1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE meetup_announcements (
        meetup_id        integer PRIMARY KEY
                         CONSTRAINT meetup_announcements_meetup_id_fkey REFERENCES meetups (id) ON DELETE CASCADE,
        locale           text NOT NULL CONSTRAINT meetup_announcements_locale_check CHECK (locale IN ('zh-CN', 'en')),
        markdown         text NOT NULL
                         CONSTRAINT meetup_announcements_markdown_check CHECK (btrim(markdown) <> '' AND length(markdown) <= 20000),
        state            text NOT NULL DEFAULT 'draft'
                         CONSTRAINT meetup_announcements_state_check CHECK (state IN ('draft', 'queued', 'published', 'failed')),
        -- Bumped each time it is queued or marked published; a job carries it, so a stale job changes nothing.
        round            integer NOT NULL DEFAULT 0 CONSTRAINT meetup_announcements_round_check CHECK (round >= 0),
        -- What was queued or published: staff may keep editing the text above meanwhile.
        sent_locale      text CONSTRAINT meetup_announcements_sent_locale_check CHECK (sent_locale IN ('zh-CN', 'en')),
        sent_markdown    text,
        idempotency_key  text CONSTRAINT meetup_announcements_idempotency_key_check CHECK (length(idempotency_key) <= 200),
        attempts         integer NOT NULL DEFAULT 0 CONSTRAINT meetup_announcements_attempts_check CHECK (attempts >= 0),
        last_attempt_at  timestamptz,
        response_status  integer CONSTRAINT meetup_announcements_response_status_check CHECK (response_status BETWEEN 100 AND 599),
        response_body    text CONSTRAINT meetup_announcements_response_body_check CHECK (length(response_body) <= 1000),
        last_error       text CONSTRAINT meetup_announcements_last_error_check CHECK (length(last_error) <= 1000),
        forum_url        text
                         CONSTRAINT meetup_announcements_forum_url_check CHECK (forum_url ~ '^https?://' AND length(forum_url) <= 2000),
        published_at     timestamptz,
        published_by     text CONSTRAINT meetup_announcements_published_by_check CHECK (published_by IN ('webhook', 'hand')),
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT meetup_announcements_sent_check
          CHECK (state = 'draft' OR (sent_locale IS NOT NULL AND sent_markdown IS NOT NULL AND idempotency_key IS NOT NULL)),
        CONSTRAINT meetup_announcements_published_check
          CHECK (state <> 'published' OR (published_at IS NOT NULL AND published_by IS NOT NULL))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE meetup_announcements`);
  }
}
