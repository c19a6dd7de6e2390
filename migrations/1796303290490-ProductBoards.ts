import { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = `'received', 'under_review', 'planned', 'in_progress', 'shipped', 'declined', 'duplicate'`;

/**
 * Public product boards: one per product area. Items carry their adoption status, its handler and an
 * append-only history; votes keep `board_items.vote_count` in step in the same statement; merges keep
 * what they moved so an undo restores it exactly. Members sign in by one-time links (hashes only).
 * Titles get a trigram index over their search key (pg_trgm, shipped in PostgreSQL's contrib) for "similar items".
 */
export class ProductBoards1796303290490 implements MigrationInterface {
  name = 'ProductBoards1796303290490';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await db.query(`
      CREATE TABLE board_items (
        id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        product_area_id     integer NOT NULL CONSTRAINT board_items_product_area_id_fkey REFERENCES product_areas (id),
        title               text NOT NULL,
        search_key          text NOT NULL DEFAULT '',
        description         text NOT NULL DEFAULT '',
        author_kind         text NOT NULL,
        author_member_id    bigint CONSTRAINT board_items_author_member_id_fkey REFERENCES members (id),
        author_account_id   integer CONSTRAINT board_items_author_account_id_fkey REFERENCES accounts (id),
        author_meetup_id    integer CONSTRAINT board_items_author_meetup_id_fkey REFERENCES meetups (id),
        source              text,
        status              text NOT NULL DEFAULT 'received',
        handler_engineer_id integer CONSTRAINT board_items_handler_engineer_id_fkey REFERENCES engineers (id),
        vote_count          integer NOT NULL DEFAULT 0,
        attendee_vote_count integer NOT NULL DEFAULT 0,
        merged_into_id      bigint CONSTRAINT board_items_merged_into_id_fkey REFERENCES board_items (id),
        moderation          text NOT NULL DEFAULT 'approved',
        moderation_note     text NOT NULL DEFAULT '',
        status_changed_at   timestamptz NOT NULL DEFAULT now(),
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT board_items_title_check CHECK (btrim(title) <> '' AND length(title) <= 200),
        CONSTRAINT board_items_description_check CHECK (length(description) <= 5000),
        CONSTRAINT board_items_author_kind_check CHECK (author_kind IN ('member', 'staff', 'meetup')),
        CONSTRAINT board_items_author_check CHECK (
          (author_kind = 'member') = (author_member_id IS NOT NULL)
          AND (author_kind <> 'staff' OR author_account_id IS NOT NULL)
          AND (author_kind <> 'meetup' OR author_meetup_id IS NOT NULL)),
        CONSTRAINT board_items_source_check CHECK (source IS NULL OR length(source) BETWEEN 1 AND 200),
        CONSTRAINT board_items_status_check CHECK (status IN (${STATUSES})),
        CONSTRAINT board_items_vote_count_check CHECK (vote_count >= 0 AND attendee_vote_count BETWEEN 0 AND vote_count),
        CONSTRAINT board_items_merged_check CHECK ((status = 'duplicate') = (merged_into_id IS NOT NULL) AND merged_into_id <> id),
        CONSTRAINT board_items_moderation_check CHECK (moderation IN ('pending', 'approved', 'rejected')),
        CONSTRAINT board_items_moderation_note_check CHECK (length(moderation_note) <= 2000)
      )`);
    // A board's page: top by votes, newest, each optionally within one status; only listed items
    // (approved, not merged) are in these indexes, so they stay the size of what the public sees.
    await db.query(`
      CREATE INDEX board_items_top_idx ON board_items (product_area_id, vote_count DESC, id DESC)
        WHERE moderation = 'approved' AND merged_into_id IS NULL`);
    await db.query(`
      CREATE INDEX board_items_newest_idx ON board_items (product_area_id, id DESC)
        WHERE moderation = 'approved' AND merged_into_id IS NULL`);
    await db.query(`
      CREATE INDEX board_items_status_top_idx ON board_items (product_area_id, status, vote_count DESC, id DESC)
        WHERE moderation = 'approved' AND merged_into_id IS NULL`);
    await db.query(`
      CREATE INDEX board_items_status_newest_idx ON board_items (product_area_id, status, id DESC)
        WHERE moderation = 'approved' AND merged_into_id IS NULL`);
    // The roadmap's "shipped lately" and the engineers' queue.
    await db.query(`
      CREATE INDEX board_items_status_changed_idx ON board_items (status, status_changed_at DESC)
        WHERE moderation = 'approved' AND merged_into_id IS NULL`);
    // Staff's moderation queue and a member's own items.
    await db.query(`CREATE INDEX board_items_pending_idx ON board_items (id) WHERE moderation = 'pending'`);
    await db.query(`CREATE INDEX board_items_author_member_id_idx ON board_items (author_member_id, id DESC)`);
    // Similar titles while a member types (word_similarity, the <% operator). The database's C locale gives
    // Chinese characters no trigrams, so the app writes search_key (search-key.ts: Chinese as bigram tokens).
    await db.query(`CREATE INDEX board_items_search_key_trgm_idx ON board_items USING gin (search_key gin_trgm_ops)`);

    await db.query(`
      CREATE TABLE board_merges (
        id                           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        item_id                      bigint NOT NULL CONSTRAINT board_merges_item_id_fkey REFERENCES board_items (id),
        into_item_id                 bigint NOT NULL CONSTRAINT board_merges_into_item_id_fkey REFERENCES board_items (id),
        previous_status              text NOT NULL,
        previous_handler_engineer_id integer CONSTRAINT board_merges_previous_handler_engineer_id_fkey REFERENCES engineers (id),
        account_id                   integer CONSTRAINT board_merges_account_id_fkey REFERENCES accounts (id),
        merged_at                    timestamptz NOT NULL DEFAULT now(),
        undone_at                    timestamptz,
        undone_by_account_id         integer CONSTRAINT board_merges_undone_by_account_id_fkey REFERENCES accounts (id),
        CONSTRAINT board_merges_previous_status_check CHECK (previous_status IN (${STATUSES}) AND previous_status <> 'duplicate'),
        CONSTRAINT board_merges_items_check CHECK (item_id <> into_item_id)
      )`);
    // One live merge per duplicate; undone ones stay as the record.
    await db.query(
      `CREATE UNIQUE INDEX board_merges_live_item_id_key ON board_merges (item_id) WHERE undone_at IS NULL`,
    );
    await db.query(`CREATE INDEX board_merges_into_item_id_idx ON board_merges (into_item_id)`);

    await db.query(`
      CREATE TABLE board_votes (
        item_id      bigint NOT NULL CONSTRAINT board_votes_item_id_fkey REFERENCES board_items (id),
        member_id    bigint NOT NULL CONSTRAINT board_votes_member_id_fkey REFERENCES members (id),
        attended     boolean NOT NULL DEFAULT false,
        via_merge_id bigint CONSTRAINT board_votes_via_merge_id_fkey REFERENCES board_merges (id),
        created_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT board_votes_pkey PRIMARY KEY (item_id, member_id)
      )`);
    // "My votes" and the per-member rate limit.
    await db.query(`CREATE INDEX board_votes_member_id_created_at_idx ON board_votes (member_id, created_at)`);
    await db.query(
      `CREATE INDEX board_votes_via_merge_id_idx ON board_votes (via_merge_id) WHERE via_merge_id IS NOT NULL`,
    );

    await db.query(`
      CREATE TABLE board_followers (
        item_id      bigint NOT NULL CONSTRAINT board_followers_item_id_fkey REFERENCES board_items (id),
        member_id    bigint NOT NULL CONSTRAINT board_followers_member_id_fkey REFERENCES members (id),
        reason       text NOT NULL,
        via_merge_id bigint CONSTRAINT board_followers_via_merge_id_fkey REFERENCES board_merges (id),
        created_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT board_followers_pkey PRIMARY KEY (item_id, member_id),
        CONSTRAINT board_followers_reason_check CHECK (reason IN ('author', 'voter', 'asker', 'follower'))
      )`);
    await db.query(`CREATE INDEX board_followers_member_id_idx ON board_followers (member_id)`);
    await db.query(
      `CREATE INDEX board_followers_via_merge_id_idx ON board_followers (via_merge_id) WHERE via_merge_id IS NOT NULL`,
    );

    await db.query(`
      CREATE TABLE board_releases (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        title        text NOT NULL,
        released_on  date NOT NULL,
        account_id   integer CONSTRAINT board_releases_account_id_fkey REFERENCES accounts (id),
        created_at   timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        CONSTRAINT board_releases_title_check CHECK (btrim(title) <> '' AND length(title) <= 200)
      )`);
    await db.query(`CREATE INDEX board_releases_published_at_idx ON board_releases (published_at DESC)`);
    await db.query(`
      CREATE TABLE board_release_items (
        release_id bigint NOT NULL CONSTRAINT board_release_items_release_id_fkey REFERENCES board_releases (id) ON DELETE CASCADE,
        item_id    bigint NOT NULL CONSTRAINT board_release_items_item_id_fkey REFERENCES board_items (id),
        CONSTRAINT board_release_items_pkey PRIMARY KEY (release_id, item_id)
      )`);
    await db.query(`CREATE INDEX board_release_items_item_id_idx ON board_release_items (item_id)`);

    await db.query(`
      CREATE TABLE board_item_statuses (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        item_id       bigint NOT NULL CONSTRAINT board_item_statuses_item_id_fkey REFERENCES board_items (id),
        status        text NOT NULL,
        engineer_id   integer CONSTRAINT board_item_statuses_engineer_id_fkey REFERENCES engineers (id),
        engineer_code text,
        account_id    integer CONSTRAINT board_item_statuses_account_id_fkey REFERENCES accounts (id),
        note          text NOT NULL DEFAULT '',
        release_id    bigint CONSTRAINT board_item_statuses_release_id_fkey REFERENCES board_releases (id),
        merge_id      bigint CONSTRAINT board_item_statuses_merge_id_fkey REFERENCES board_merges (id),
        at            timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT board_item_statuses_status_check CHECK (status IN (${STATUSES})),
        CONSTRAINT board_item_statuses_note_check CHECK (
          length(note) <= 2000 AND (status NOT IN ('declined', 'duplicate', 'shipped') OR btrim(note) <> ''))
      )`);
    await db.query(`CREATE INDEX board_item_statuses_item_id_idx ON board_item_statuses (item_id, id)`);
    // Append-only: the history is what fans are promised; no UPDATE, DELETE or TRUNCATE gets through.
    await db.query(`
      CREATE FUNCTION board_item_statuses_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'board item history is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER board_item_statuses_append_only BEFORE UPDATE OR DELETE ON board_item_statuses
        FOR EACH ROW EXECUTE FUNCTION board_item_statuses_append_only()`);
    await db.query(`
      CREATE TRIGGER board_item_statuses_no_truncate BEFORE TRUNCATE ON board_item_statuses
        FOR EACH STATEMENT EXECUTE FUNCTION board_item_statuses_append_only()`);

    // Milestones waiting for a member's daily digest; digest_key marks the digest that took them.
    await db.query(`
      CREATE TABLE board_notices (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        member_id  bigint NOT NULL CONSTRAINT board_notices_member_id_fkey REFERENCES members (id),
        item_id    bigint NOT NULL CONSTRAINT board_notices_item_id_fkey REFERENCES board_items (id),
        status     text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        digest_key text,
        CONSTRAINT board_notices_status_check CHECK (status IN ('planned', 'shipped', 'declined'))
      )`);
    await db.query(`CREATE INDEX board_notices_waiting_idx ON board_notices (member_id, id) WHERE digest_key IS NULL`);
    await db.query(`
      CREATE TABLE board_mail_settings (
        member_id       bigint PRIMARY KEY CONSTRAINT board_mail_settings_member_id_fkey REFERENCES members (id),
        unsubscribed_at timestamptz,
        last_digest_at  timestamptz
      )`);

    await db.query(`
      CREATE TABLE member_sign_in_links (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        member_id  bigint NOT NULL CONSTRAINT member_sign_in_links_member_id_fkey REFERENCES members (id),
        token_hash text NOT NULL CONSTRAINT member_sign_in_links_token_hash_key UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at    timestamptz,
        CONSTRAINT member_sign_in_links_token_hash_check CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        CONSTRAINT member_sign_in_links_expires_check CHECK (expires_at > created_at)
      )`);
    await db.query(
      `CREATE INDEX member_sign_in_links_member_id_created_at_idx ON member_sign_in_links (member_id, created_at)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE member_sign_in_links`);
    await db.query(`DROP TABLE board_mail_settings`);
    await db.query(`DROP TABLE board_notices`);
    await db.query(`DROP TABLE board_item_statuses`);
    await db.query(`DROP FUNCTION board_item_statuses_append_only()`);
    await db.query(`DROP TABLE board_release_items`);
    await db.query(`DROP TABLE board_releases`);
    await db.query(`DROP TABLE board_followers`);
    await db.query(`DROP TABLE board_votes`);
    await db.query(`DROP TABLE board_merges`);
    await db.query(`DROP TABLE board_items`);
  }
}
