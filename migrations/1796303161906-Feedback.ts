import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feedback after a meetup: one request per checked-in attendee (its personal link kept only as a
 * hash, as RSVP links are), the attendee's answer, and up to three suggestions with a product area.
 * The reports read these with the meetup's invitations.
 */
export class Feedback1796303161906 implements MigrationInterface {
  name = 'Feedback1796303161906';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE feedback_requests (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        meetup_id      integer NOT NULL,
        invitation_id  bigint NOT NULL CONSTRAINT feedback_requests_invitation_id_key UNIQUE,
        token_hash     bytea NOT NULL CONSTRAINT feedback_requests_token_hash_key UNIQUE,
        token_nonce    bytea NOT NULL,
        sent_at        timestamptz NOT NULL,
        reminded_at    timestamptz,
        answered_at    timestamptz,
        CONSTRAINT feedback_requests_invitation_fkey FOREIGN KEY (invitation_id, meetup_id)
          REFERENCES invitations (id, meetup_id) ON DELETE CASCADE,
        CONSTRAINT feedback_requests_token_hash_check CHECK (length(token_hash) = 32),
        CONSTRAINT feedback_requests_token_nonce_check CHECK (length(token_nonce) = 16),
        CONSTRAINT feedback_requests_reminded_at_check CHECK (reminded_at >= sent_at),
        CONSTRAINT feedback_requests_answered_at_check CHECK (answered_at >= sent_at)
      )`);
    // A meetup's requests: the tick's "who has one already", response rate and satisfaction per meetup.
    await db.query(`CREATE INDEX feedback_requests_meetup_id_idx ON feedback_requests (meetup_id)`);
    // The reminder step: requests nobody answered and nobody reminded yet, oldest first (a few rows).
    await db.query(`
      CREATE INDEX feedback_requests_unanswered_idx ON feedback_requests (sent_at)
        WHERE answered_at IS NULL AND reminded_at IS NULL`);

    await db.query(`
      CREATE TABLE feedback_answers (
        request_id  bigint PRIMARY KEY CONSTRAINT feedback_answers_request_id_fkey
                      REFERENCES feedback_requests (id) ON DELETE CASCADE,
        rating      smallint NOT NULL,
        recommend   smallint NOT NULL,
        good        text NOT NULL DEFAULT '',
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT feedback_answers_rating_check CHECK (rating BETWEEN 1 AND 5),
        CONSTRAINT feedback_answers_recommend_check CHECK (recommend BETWEEN 0 AND 10),
        CONSTRAINT feedback_answers_good_check CHECK (length(good) <= 2000)
      )`);

    await db.query(`
      CREATE TABLE feedback_suggestions (
        id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        request_id       bigint NOT NULL CONSTRAINT feedback_suggestions_request_id_fkey
                           REFERENCES feedback_answers (request_id) ON DELETE CASCADE,
        slot             smallint NOT NULL,
        product_area_id  integer NOT NULL CONSTRAINT feedback_suggestions_product_area_id_fkey
                           REFERENCES product_areas (id),
        body             text NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT feedback_suggestions_request_id_slot_key UNIQUE (request_id, slot),
        CONSTRAINT feedback_suggestions_slot_check CHECK (slot BETWEEN 1 AND 3),
        CONSTRAINT feedback_suggestions_body_check CHECK (btrim(body) <> '' AND length(body) <= 1000)
      )`);

    // The feedback step walks meetups that ended in the last 14 days (a handful of rows).
    await db.query(
      `CREATE INDEX meetups_ends_at_idx ON meetups (ends_at) WHERE status IN ('inviting', 'closed', 'held')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX meetups_ends_at_idx`);
    await db.query(`DROP TABLE feedback_suggestions`);
    await db.query(`DROP TABLE feedback_answers`);
    await db.query(`DROP TABLE feedback_requests`);
  }
}
