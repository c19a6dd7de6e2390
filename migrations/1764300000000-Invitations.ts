import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invitations, their event log, attendees' questions and votes; the meetup's
 * seat counter; and the member columns the invitee ranking walks.
 *
 * Capacity lives in the database: `meetups.seats_taken` counts accepted
 * invitations plus open waitlist offers, changes in the same transaction as the
 * invitation (under the meetup's row lock) and cannot pass `capacity_max`.
 */
export class Invitations1764300000000 implements MigrationInterface {
  name = 'Invitations1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE members ADD COLUMN last_invited_at timestamptz`);
    // Invitee selection walks a city's eligible members best-first by the date-independent part of
    // the score (INVITEE_SCORE_BASE_SQL in src/invitations/invitee-score.ts, default weights), and
    // reads the two columns it still needs from the index alone.
    await db.query(`
      CREATE INDEX members_invitee_rank_idx ON members (
        city_id,
        (floor(10 * ln(1 + greatest(forum_posts, 0)))::int + (CASE WHEN honorary THEN 30 ELSE 0 END) + (CASE WHEN attended_count = 0 THEN 25 ELSE 0 END) + least(invited_count, 10) * -3 + least(no_show_count, 3) * -20) DESC,
        id
      ) INCLUDE (last_invited_at, registered_on) WHERE unsubscribed_at IS NULL`);

    await db.query(`
      ALTER TABLE meetups
        ADD COLUMN seats_taken integer NOT NULL DEFAULT 0,
        ADD COLUMN waitlist_seq integer NOT NULL DEFAULT 0,
        ADD COLUMN calendar_sequence integer NOT NULL DEFAULT 0,
        ADD COLUMN first_wave_size integer,
        ADD COLUMN auto_waves boolean NOT NULL DEFAULT false,
        ADD COLUMN low_turnout_alerted_at timestamptz,
        ADD COLUMN reminded_at timestamptz,
        ADD COLUMN attendance_recorded_at timestamptz,
        ADD CONSTRAINT meetups_seats_taken_check CHECK (seats_taken >= 0 AND seats_taken <= capacity_max),
        ADD CONSTRAINT meetups_waitlist_seq_check CHECK (waitlist_seq >= 0),
        ADD CONSTRAINT meetups_calendar_sequence_check CHECK (calendar_sequence >= 0),
        ADD CONSTRAINT meetups_first_wave_size_check CHECK (first_wave_size BETWEEN 1 AND 1000)`);

    await db.query(`
      CREATE TABLE invitations (
        id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        meetup_id         integer NOT NULL CONSTRAINT invitations_meetup_id_fkey REFERENCES meetups (id) ON DELETE CASCADE,
        member_id         bigint NOT NULL CONSTRAINT invitations_member_id_fkey REFERENCES members (id) ON DELETE CASCADE,
        state             text NOT NULL DEFAULT 'pending',
        wave              integer NOT NULL,
        score             integer,
        added_by_hand     boolean NOT NULL DEFAULT false,
        token_hash        bytea NOT NULL,
        token_nonce       bytea NOT NULL,
        invited_at        timestamptz NOT NULL DEFAULT now(),
        answered_at       timestamptz,
        waitlist_seq      integer,
        offer_expires_at  timestamptz,
        gave_up_seat_at   timestamptz,
        suspect           boolean NOT NULL DEFAULT false,
        checked_in_at     timestamptz,
        checked_in_by     integer CONSTRAINT invitations_checked_in_by_fkey REFERENCES accounts (id) ON DELETE SET NULL,
        no_show           boolean NOT NULL DEFAULT false,
        updated_at        timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT invitations_meetup_id_member_id_key UNIQUE (meetup_id, member_id),
        CONSTRAINT invitations_id_meetup_id_key UNIQUE (id, meetup_id),
        CONSTRAINT invitations_token_hash_key UNIQUE (token_hash),
        CONSTRAINT invitations_state_check
          CHECK (state IN ('pending', 'accepted', 'declined', 'waitlisted', 'expired', 'cancelled')),
        CONSTRAINT invitations_wave_check CHECK (wave >= 1),
        CONSTRAINT invitations_token_hash_check CHECK (length(token_hash) = 32),
        CONSTRAINT invitations_token_nonce_check CHECK (length(token_nonce) = 16),
        CONSTRAINT invitations_waitlist_check CHECK ((state = 'waitlisted') = (waitlist_seq IS NOT NULL)),
        CONSTRAINT invitations_offer_check CHECK (offer_expires_at IS NULL OR state = 'waitlisted'),
        CONSTRAINT invitations_checked_in_check CHECK (checked_in_at IS NULL OR state = 'accepted'),
        CONSTRAINT invitations_no_show_check CHECK (NOT no_show OR (state = 'accepted' AND checked_in_at IS NULL))
      )`);
    // Two members cannot share a waitlist place.
    await db.query(`
      CREATE UNIQUE INDEX invitations_meetup_id_waitlist_seq_key ON invitations (meetup_id, waitlist_seq)
        WHERE waitlist_seq IS NOT NULL`);
    // The meetup's list, funnel and check-in search; the member's history.
    await db.query(`CREATE INDEX invitations_meetup_id_state_idx ON invitations (meetup_id, state)`);
    await db.query(`CREATE INDEX invitations_member_id_idx ON invitations (member_id)`);
    // The minute tick finds offers that ran out.
    await db.query(`
      CREATE INDEX invitations_offer_expires_at_idx ON invitations (offer_expires_at) WHERE offer_expires_at IS NOT NULL`);

    await db.query(`
      CREATE TABLE invitation_events (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        invitation_id  bigint NOT NULL CONSTRAINT invitation_events_invitation_id_fkey
                         REFERENCES invitations (id) ON DELETE CASCADE,
        at             timestamptz NOT NULL DEFAULT now(),
        kind           text NOT NULL,
        detail         jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT invitation_events_kind_check CHECK (kind ~ '^[a-z][a-z-]{0,39}$')
      )`);
    await db.query(`CREATE INDEX invitation_events_invitation_id_at_idx ON invitation_events (invitation_id, at)`);

    await db.query(`
      CREATE TABLE questions (
        id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        meetup_id        integer NOT NULL,
        invitation_id    bigint NOT NULL,
        slot             smallint NOT NULL,
        product_area_id  integer NOT NULL CONSTRAINT questions_product_area_id_fkey REFERENCES product_areas (id),
        body             text NOT NULL,
        votes            integer NOT NULL DEFAULT 0,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT questions_invitation_fkey FOREIGN KEY (invitation_id, meetup_id)
          REFERENCES invitations (id, meetup_id) ON DELETE CASCADE,
        CONSTRAINT questions_invitation_id_slot_key UNIQUE (invitation_id, slot),
        CONSTRAINT questions_slot_check CHECK (slot BETWEEN 1 AND 3),
        CONSTRAINT questions_body_check CHECK (btrim(body) <> '' AND length(body) <= 1000),
        CONSTRAINT questions_votes_check CHECK (votes >= 0)
      )`);
    // Questions of a meetup, most voted first.
    await db.query(`CREATE INDEX questions_meetup_id_votes_idx ON questions (meetup_id, votes DESC, id)`);
    await db.query(`
      CREATE TABLE question_votes (
        question_id    bigint NOT NULL CONSTRAINT question_votes_question_id_fkey REFERENCES questions (id) ON DELETE CASCADE,
        invitation_id  bigint NOT NULL CONSTRAINT question_votes_invitation_id_fkey REFERENCES invitations (id) ON DELETE CASCADE,
        created_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT question_votes_pkey PRIMARY KEY (question_id, invitation_id)
      )`);
    await db.query(`CREATE INDEX question_votes_invitation_id_idx ON question_votes (invitation_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE question_votes`);
    await db.query(`DROP TABLE questions`);
    await db.query(`DROP TABLE invitation_events`);
    await db.query(`DROP TABLE invitations`);
    await db.query(`
      ALTER TABLE meetups
        DROP COLUMN seats_taken, DROP COLUMN waitlist_seq, DROP COLUMN calendar_sequence, DROP COLUMN first_wave_size,
        DROP COLUMN auto_waves, DROP COLUMN low_turnout_alerted_at, DROP COLUMN reminded_at,
        DROP COLUMN attendance_recorded_at`);
    await db.query(`DROP INDEX members_invitee_rank_idx`);
    await db.query(`ALTER TABLE members DROP COLUMN last_invited_at`);
  }
}
