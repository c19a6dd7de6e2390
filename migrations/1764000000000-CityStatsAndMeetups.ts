import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-city member counts kept current by statement-level triggers (one
 * aggregate per statement, so a million-row import pays one GROUP BY over its
 * transition table, not a million row triggers), and meetups.
 */
export class CityStatsAndMeetups1764000000000 implements MigrationInterface {
  name = 'CityStatsAndMeetups1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE city_stats (
        city_id        integer PRIMARY KEY CONSTRAINT city_stats_city_id_fkey REFERENCES cities (id) ON DELETE CASCADE,
        members        integer NOT NULL DEFAULT 0 CONSTRAINT city_stats_members_check CHECK (members >= 0),
        never_invited  integer NOT NULL DEFAULT 0
                       CONSTRAINT city_stats_never_invited_check CHECK (never_invited >= 0 AND never_invited <= members)
      )`);

    // Registered = not unsubscribed; never invited = registered and invited_count = 0.
    await db.query(`
      CREATE FUNCTION city_stats_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO city_stats AS s (city_id, members, never_invited)
          SELECT city_id,
                 count(*) FILTER (WHERE unsubscribed_at IS NULL),
                 count(*) FILTER (WHERE unsubscribed_at IS NULL AND invited_count = 0)
            FROM new_rows GROUP BY city_id ORDER BY city_id
          ON CONFLICT (city_id) DO UPDATE
             SET members = s.members + excluded.members, never_invited = s.never_invited + excluded.never_invited;
        ELSIF TG_OP = 'DELETE' THEN
          UPDATE city_stats s
             SET members = s.members - d.members, never_invited = s.never_invited - d.never_invited
            FROM (SELECT city_id,
                         count(*) FILTER (WHERE unsubscribed_at IS NULL) AS members,
                         count(*) FILTER (WHERE unsubscribed_at IS NULL AND invited_count = 0) AS never_invited
                    FROM old_rows GROUP BY city_id) d
           WHERE s.city_id = d.city_id;
        ELSE
          -- Rows first, then deltas: a negative delta may not pass through INSERT (its CHECK runs before ON CONFLICT).
          INSERT INTO city_stats (city_id)
          SELECT DISTINCT city_id FROM new_rows ORDER BY city_id
          ON CONFLICT (city_id) DO NOTHING;
          UPDATE city_stats s
             SET members = s.members + d.members, never_invited = s.never_invited + d.never_invited
            FROM (SELECT city_id, sum(members) AS members, sum(never_invited) AS never_invited
                    FROM (SELECT city_id,
                                 count(*) FILTER (WHERE unsubscribed_at IS NULL) AS members,
                                 count(*) FILTER (WHERE unsubscribed_at IS NULL AND invited_count = 0) AS never_invited
                            FROM new_rows GROUP BY city_id
                          UNION ALL
                          SELECT city_id,
                                 -count(*) FILTER (WHERE unsubscribed_at IS NULL),
                                 -count(*) FILTER (WHERE unsubscribed_at IS NULL AND invited_count = 0)
                            FROM old_rows GROUP BY city_id) u
                   GROUP BY city_id
                  HAVING sum(members) <> 0 OR sum(never_invited) <> 0) d
           WHERE s.city_id = d.city_id;
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER members_city_stats_insert AFTER INSERT ON members
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION city_stats_apply()`);
    await db.query(`
      CREATE TRIGGER members_city_stats_update AFTER UPDATE ON members
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION city_stats_apply()`);
    await db.query(`
      CREATE TRIGGER members_city_stats_delete AFTER DELETE ON members
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION city_stats_apply()`);
    await db.query(`
      INSERT INTO city_stats (city_id, members, never_invited)
      SELECT city_id, count(*) FILTER (WHERE unsubscribed_at IS NULL),
             count(*) FILTER (WHERE unsubscribed_at IS NULL AND invited_count = 0)
        FROM members GROUP BY city_id`);

    await db.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await db.query(`
      CREATE TABLE meetups (
        id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        city_id         integer NOT NULL CONSTRAINT meetups_city_id_fkey REFERENCES cities (id) ON DELETE RESTRICT,
        title           text NOT NULL CONSTRAINT meetups_title_check CHECK (btrim(title) <> '' AND length(title) <= 200),
        venue           text NOT NULL DEFAULT '' CONSTRAINT meetups_venue_check CHECK (length(venue) <= 200),
        address         text NOT NULL DEFAULT '' CONSTRAINT meetups_address_check CHECK (length(address) <= 500),
        starts_at       timestamptz NOT NULL,
        ends_at         timestamptz NOT NULL,
        rsvp_deadline   timestamptz,
        capacity_min    integer NOT NULL DEFAULT 30,
        capacity_max    integer NOT NULL DEFAULT 50,
        status          text NOT NULL DEFAULT 'draft',
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT meetups_times_check CHECK (ends_at > starts_at),
        CONSTRAINT meetups_rsvp_deadline_check CHECK (rsvp_deadline < starts_at),
        CONSTRAINT meetups_capacity_check CHECK (1 <= capacity_min AND capacity_min <= capacity_max AND capacity_max <= 500),
        CONSTRAINT meetups_status_check
          CHECK (status IN ('draft', 'scheduled', 'inviting', 'closed', 'held', 'cancelled')),
        CONSTRAINT meetups_no_overlap EXCLUDE USING gist
          (city_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status <> 'cancelled')
      )`);
    // Last meetup per city for the ranking and the planner.
    await db.query(`CREATE INDEX meetups_city_id_starts_at_idx ON meetups (city_id, starts_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE meetups`);
    await db.query(`DROP TRIGGER members_city_stats_delete ON members`);
    await db.query(`DROP TRIGGER members_city_stats_update ON members`);
    await db.query(`DROP TRIGGER members_city_stats_insert ON members`);
    await db.query(`DROP FUNCTION city_stats_apply()`);
    await db.query(`DROP TABLE city_stats`);
  }
}
