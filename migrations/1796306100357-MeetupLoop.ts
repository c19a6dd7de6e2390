import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The loop from meetups to the product boards: a feedback suggestion becomes a board item (posted as
 * the member's own, or a vote for a similar item they chose instead), and an attendee's question is
 * linked to the board item that answers it, so the asker and its up-voters hear when it ships.
 */
export class MeetupLoop1796306100357 implements MigrationInterface {
  name = 'MeetupLoop1796306100357';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE feedback_suggestions
        ADD COLUMN board_item_id bigint CONSTRAINT feedback_suggestions_board_item_id_fkey REFERENCES board_items (id),
        ADD COLUMN outcome text,
        ADD CONSTRAINT feedback_suggestions_outcome_check CHECK (outcome IN ('posted', 'voted', 'linked')),
        ADD CONSTRAINT feedback_suggestions_outcome_item_check CHECK ((outcome IS NULL) = (board_item_id IS NULL))`);
    // An item's meetup origins ("asked at 3 meetups") and the loop funnel.
    await db.query(`
      CREATE INDEX feedback_suggestions_board_item_id_idx ON feedback_suggestions (board_item_id)
        WHERE board_item_id IS NOT NULL`);
    await db.query(`
      CREATE TABLE question_board_items (
        question_id    bigint PRIMARY KEY CONSTRAINT question_board_items_question_id_fkey
                         REFERENCES questions (id) ON DELETE CASCADE,
        board_item_id  bigint NOT NULL CONSTRAINT question_board_items_board_item_id_fkey REFERENCES board_items (id),
        linked_by      integer CONSTRAINT question_board_items_linked_by_fkey REFERENCES accounts (id) ON DELETE SET NULL,
        how            text NOT NULL CONSTRAINT question_board_items_how_check CHECK (how IN ('created', 'linked')),
        linked_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX question_board_items_board_item_id_idx ON question_board_items (board_item_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE question_board_items`);
    await db.query(`DROP INDEX feedback_suggestions_board_item_id_idx`);
    await db.query(`
      ALTER TABLE feedback_suggestions DROP CONSTRAINT feedback_suggestions_outcome_item_check,
        DROP CONSTRAINT feedback_suggestions_outcome_check, DROP COLUMN outcome, DROP COLUMN board_item_id`);
  }
}
