import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A member's calendar entry gets a new version not only when the meetup changes (meetups.calendar_sequence)
 * but also when their own answer or a withdrawal sends one (accept → PUBLISH, decline → CANCEL, accept
 * again → PUBLISH). The .ics SEQUENCE is the sum of both counters, so it grows with every version a member
 * receives and a calendar never keeps an entry cancelled because the new one carried the same SEQUENCE.
 */
export class InvitationCalendarSequence1796305405490 implements MigrationInterface {
  name = 'InvitationCalendarSequence1796305405490';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE invitations ADD COLUMN calendar_sequence integer NOT NULL DEFAULT 0`);
    await db.query(
      `ALTER TABLE invitations ADD CONSTRAINT invitations_calendar_sequence_check CHECK (calendar_sequence >= 0)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE invitations DROP COLUMN calendar_sequence`);
  }
}
