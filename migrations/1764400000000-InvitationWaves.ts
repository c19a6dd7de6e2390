import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Members staff left out of a meetup's invitee proposal. Kept, not just skipped once: a later
 * wave — above all an automatic one nobody reviews — must not invite someone staff removed.
 */
export class InvitationWaves1764400000000 implements MigrationInterface {
  name = 'InvitationWaves1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE invitee_exclusions (
        meetup_id    integer NOT NULL CONSTRAINT invitee_exclusions_meetup_id_fkey REFERENCES meetups (id) ON DELETE CASCADE,
        member_id    bigint NOT NULL CONSTRAINT invitee_exclusions_member_id_fkey REFERENCES members (id) ON DELETE CASCADE,
        excluded_by  integer CONSTRAINT invitee_exclusions_excluded_by_fkey REFERENCES accounts (id) ON DELETE SET NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT invitee_exclusions_pkey PRIMARY KEY (meetup_id, member_id)
      )`);
    // Deleting a member cascades here; without this index that would scan the table.
    await db.query(`CREATE INDEX invitee_exclusions_member_id_idx ON invitee_exclusions (member_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE invitee_exclusions`);
  }
}
