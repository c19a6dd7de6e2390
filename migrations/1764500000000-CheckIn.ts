import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The minute tick's meetups: invitations sent, attendance not yet recorded. The
 * deadline, reminder and attendance steps walk this small partial index (a
 * handful of rows at any time) instead of every meetup ever held; rows leave it
 * when their attendance is recorded or they are cancelled.
 */
export class CheckIn1764500000000 implements MigrationInterface {
  name = 'CheckIn1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX meetups_awaiting_attendance_idx ON meetups (starts_at)
        WHERE attendance_recorded_at IS NULL AND status IN ('inviting', 'closed', 'held')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX meetups_awaiting_attendance_idx`);
  }
}
