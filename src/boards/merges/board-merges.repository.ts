import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { BoardStatus } from '../items/board-status';

export interface MergeRow {
  id: string;
  itemId: string;
  intoItemId: string;
  previousStatus: BoardStatus;
  previousHandlerEngineerId: number | null;
  mergedAt: Date;
  undoneAt: Date | null;
}

const COLUMNS = `id::text, item_id::text AS "itemId", into_item_id::text AS "intoItemId", previous_status AS "previousStatus",
  previous_handler_engineer_id AS "previousHandlerEngineerId", merged_at AS "mergedAt", undone_at AS "undoneAt"`;

/**
 * Merging copies the duplicate's votes and followers to the item it joins, marked with the merge's id;
 * the duplicate keeps its own rows (frozen: a merged item takes no votes), so undoing removes exactly
 * the marked copies and the duplicate is as it was. A member who voted on both already has a vote on
 * the target: their copy is skipped (ON CONFLICT), so they count once.
 */
@Injectable()
export class BoardMergesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    manager: EntityManager,
    row: {
      itemId: string;
      intoItemId: string;
      previousStatus: BoardStatus;
      previousHandler: number | null;
      accountId: number | null;
    },
  ): Promise<string> {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO board_merges (item_id, into_item_id, previous_status, previous_handler_engineer_id, account_id)
       VALUES ($1, $2, $3, $4, $5) RETURNING id::text`,
      [row.itemId, row.intoItemId, row.previousStatus, row.previousHandler, row.accountId],
    );
    return id;
  }

  /** Copies votes not already on the target and raises its counters in the same statement. Returns how many moved. */
  async moveVotes(manager: EntityManager, mergeId: string, fromId: string, intoId: string): Promise<number> {
    const rows: { moved: number }[] = await manager.query(
      `WITH moved AS (
         INSERT INTO board_votes (item_id, member_id, attended, via_merge_id, created_at)
         SELECT $3, v.member_id, v.attended, $1, v.created_at FROM board_votes v WHERE v.item_id = $2
         ON CONFLICT (item_id, member_id) DO NOTHING
         RETURNING attended
       ), counted AS (
         SELECT count(*)::int AS n, count(*) FILTER (WHERE attended)::int AS a FROM moved
       ), raised AS (
         UPDATE board_items i SET vote_count = i.vote_count + counted.n, attendee_vote_count = i.attendee_vote_count + counted.a
           FROM counted WHERE i.id = $3
         RETURNING counted.n
       )
       SELECT n AS moved FROM raised`,
      [mergeId, fromId, intoId],
    );
    return rows[0]?.moved ?? 0;
  }

  async moveFollowers(manager: EntityManager, mergeId: string, fromId: string, intoId: string): Promise<void> {
    await manager.query(
      `INSERT INTO board_followers (item_id, member_id, reason, via_merge_id, created_at)
       SELECT $3, f.member_id, f.reason, $1, f.created_at FROM board_followers f WHERE f.item_id = $2
       ON CONFLICT (item_id, member_id) DO NOTHING`,
      [mergeId, fromId, intoId],
    );
  }

  /** Removes the votes this merge copied (those still there) and lowers the target's counters in one statement. */
  async takeBackVotes(manager: EntityManager, mergeId: string, intoId: string): Promise<void> {
    await manager.query(
      `WITH removed AS (
         DELETE FROM board_votes WHERE item_id = $2 AND via_merge_id = $1 RETURNING attended
       ), counted AS (
         SELECT count(*)::int AS n, count(*) FILTER (WHERE attended)::int AS a FROM removed
       )
       UPDATE board_items i SET vote_count = i.vote_count - counted.n, attendee_vote_count = i.attendee_vote_count - counted.a
         FROM counted WHERE i.id = $2`,
      [mergeId, intoId],
    );
  }

  async takeBackFollowers(manager: EntityManager, mergeId: string, intoId: string): Promise<void> {
    await manager.query(`DELETE FROM board_followers WHERE item_id = $2 AND via_merge_id = $1`, [mergeId, intoId]);
  }

  /** The live merge of this duplicate, locked for its undo. */
  async liveFor(manager: EntityManager, itemId: string): Promise<MergeRow | null> {
    const rows: MergeRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM board_merges WHERE item_id = $1 AND undone_at IS NULL FOR UPDATE`,
      [itemId],
    );
    return rows[0] ?? null;
  }

  async markUndone(manager: EntityManager, mergeId: string, accountId: number | null): Promise<void> {
    await manager.query(`UPDATE board_merges SET undone_at = now(), undone_by_account_id = $2 WHERE id = $1`, [
      mergeId,
      accountId,
    ]);
  }

  list(itemId: string): Promise<MergeRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM board_merges WHERE item_id = $1 OR into_item_id = $1 ORDER BY id DESC`,
      [itemId],
    );
  }
}
