import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Engineers matched to meetups (issue 14). The engineer's profile gains what the matching needs
 * (depth per product area, unavailable dates, monthly limits, languages); one settings row holds
 * staff's defaults; engineer_assignments holds proposals, confirmations, pins and exclusions with
 * the reasons the matching gave; question_answers records what an engineer answered at the meetup.
 */
export class EngineerProfilesAndMatching1796303389553 implements MigrationInterface {
  name = 'EngineerProfilesAndMatching1796303389553';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE engineers
        ADD COLUMN languages text[] NOT NULL DEFAULT '{}',
        ADD COLUMN unavailable_dates date[] NOT NULL DEFAULT '{}',
        ADD COLUMN max_meetups_per_month smallint,
        ADD COLUMN max_trips_per_month smallint,
        ADD CONSTRAINT engineers_languages_check CHECK (cardinality(languages) <= 10),
        ADD CONSTRAINT engineers_unavailable_dates_check CHECK (cardinality(unavailable_dates) <= 400),
        ADD CONSTRAINT engineers_max_meetups_per_month_check CHECK (max_meetups_per_month BETWEEN 0 AND 31),
        ADD CONSTRAINT engineers_max_trips_per_month_check CHECK (max_trips_per_month BETWEEN 0 AND 31)`);
    await db.query(`
      ALTER TABLE engineer_product_areas
        ADD COLUMN depth text NOT NULL DEFAULT 'knows' CONSTRAINT engineer_product_areas_depth_check CHECK (depth IN ('expert', 'knows'))`);

    // Staff's defaults: one row, id 1.
    await db.query(`
      CREATE TABLE matching_settings (
        id                    smallint NOT NULL DEFAULT 1 CONSTRAINT matching_settings_pkey PRIMARY KEY,
        max_meetups_per_month smallint NOT NULL DEFAULT 2,
        max_trips_per_month   smallint NOT NULL DEFAULT 1,
        min_engineers         smallint NOT NULL DEFAULT 2,
        max_engineers         smallint NOT NULL DEFAULT 4,
        travel_weight         real NOT NULL DEFAULT 1,
        updated_at            timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT matching_settings_id_check CHECK (id = 1),
        CONSTRAINT matching_settings_limits_check CHECK (
          max_meetups_per_month BETWEEN 0 AND 31 AND max_trips_per_month BETWEEN 0 AND 31
          AND min_engineers BETWEEN 0 AND 20 AND max_engineers BETWEEN 1 AND 20 AND min_engineers <= max_engineers
          AND travel_weight >= 0 AND travel_weight <= 1000)
      )`);
    await db.query(`INSERT INTO matching_settings (id) VALUES (1)`);

    await db.query(`
      CREATE TABLE engineer_assignments (
        id           integer GENERATED ALWAYS AS IDENTITY CONSTRAINT engineer_assignments_pkey PRIMARY KEY,
        meetup_id    integer NOT NULL CONSTRAINT engineer_assignments_meetup_id_fkey REFERENCES meetups (id) ON DELETE CASCADE,
        engineer_id  integer NOT NULL CONSTRAINT engineer_assignments_engineer_id_fkey REFERENCES engineers (id) ON DELETE CASCADE,
        state        text NOT NULL CONSTRAINT engineer_assignments_state_check CHECK (state IN ('proposed', 'confirmed', 'excluded')),
        pinned       boolean NOT NULL DEFAULT false,
        reasons      jsonb NOT NULL DEFAULT '{}',
        confirmed_at timestamptz,
        brief_sent_at timestamptz,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT engineer_assignments_meetup_id_engineer_id_key UNIQUE (meetup_id, engineer_id),
        CONSTRAINT engineer_assignments_confirmed_check CHECK ((state = 'confirmed') = (confirmed_at IS NOT NULL)),
        CONSTRAINT engineer_assignments_pinned_check CHECK (NOT (pinned AND state = 'excluded'))
      )`);
    // An engineer's meetups and the per-resource access check: (engineer_id, state) → meetup ids.
    await db.query(
      `CREATE INDEX engineer_assignments_engineer_id_state_idx ON engineer_assignments (engineer_id, state)`,
    );

    // Staff's expected areas of a meetup: its demand while attendees have asked nothing yet.
    await db.query(`
      CREATE TABLE meetup_expected_areas (
        meetup_id       integer NOT NULL CONSTRAINT meetup_expected_areas_meetup_id_fkey REFERENCES meetups (id) ON DELETE CASCADE,
        product_area_id integer NOT NULL CONSTRAINT meetup_expected_areas_product_area_id_fkey REFERENCES product_areas (id) ON DELETE CASCADE,
        CONSTRAINT meetup_expected_areas_pkey PRIMARY KEY (meetup_id, product_area_id)
      )`);

    await db.query(`
      CREATE TABLE question_answers (
        question_id bigint NOT NULL CONSTRAINT question_answers_pkey PRIMARY KEY
                      CONSTRAINT question_answers_question_id_fkey REFERENCES questions (id) ON DELETE CASCADE,
        engineer_id integer NOT NULL CONSTRAINT question_answers_engineer_id_fkey REFERENCES engineers (id) ON DELETE CASCADE,
        note        text NOT NULL DEFAULT '' CONSTRAINT question_answers_note_check CHECK (length(note) <= 500),
        answered_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX question_answers_engineer_id_idx ON question_answers (engineer_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE question_answers`);
    await db.query(`DROP TABLE meetup_expected_areas`);
    await db.query(`DROP TABLE engineer_assignments`);
    await db.query(`DROP TABLE matching_settings`);
    await db.query(`ALTER TABLE engineer_product_areas DROP COLUMN depth`);
    await db.query(`
      ALTER TABLE engineers
        DROP COLUMN languages, DROP COLUMN unavailable_dates, DROP COLUMN max_meetups_per_month, DROP COLUMN max_trips_per_month`);
  }
}
