import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { BoardStatus } from '../items/board-status';
import type { FollowReason } from './board-follower.entity';

export interface VoteOutcome {
  /** The item's count after this statement; null when nothing changed (no listed item, or already so). */
  voteCount: number | null;
}

export interface MyVoteRow {
  id: string;
  title: string;
  status: BoardStatus;
  voteCount: number;
  areaId: number;
  votedAt: Date;
}

@Injectable()
export class BoardVotesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One vote and the item's counters in one statement: the insert (board_votes_pkey makes it once per
   * member) and the UPDATE of board_items.vote_count commit together or not at all, so the column always
   * equals a recount. Only listed items take votes; a member past `perHour` votes in the last hour is refused
   * here too (board_votes_member_id_created_at_idx).
   */
  async vote(itemId: string, memberId: string, attended: boolean, perHour: number): Promise<VoteOutcome> {
    const rows: { voteCount: number }[] = await this.dataSource.query(
      `WITH added AS (
         INSERT INTO board_votes (item_id, member_id, attended)
         SELECT i.id, $2, $3 FROM board_items i
          WHERE i.id = $1 AND i.moderation = 'approved' AND i.merged_into_id IS NULL
            AND (SELECT count(*) FROM board_votes v
                  WHERE v.member_id = $2 AND v.created_at > now() - interval '1 hour') < $4
         ON CONFLICT (item_id, member_id) DO NOTHING
         RETURNING item_id, attended
       ), counted AS (
         UPDATE board_items i
            SET vote_count = i.vote_count + 1, attendee_vote_count = i.attendee_vote_count + added.attended::int
           FROM added WHERE i.id = added.item_id
         RETURNING i.vote_count
       )
       SELECT vote_count AS "voteCount" FROM counted`,
      [itemId, memberId, attended, perHour],
    );
    return { voteCount: rows[0]?.voteCount ?? null };
  }

  /** Withdraws a vote and lowers the counters in the same statement. */
  async withdraw(itemId: string, memberId: string): Promise<VoteOutcome> {
    const rows: { voteCount: number }[] = await this.dataSource.query(
      `WITH removed AS (
         DELETE FROM board_votes v USING board_items i
          WHERE v.item_id = $1 AND v.member_id = $2 AND i.id = v.item_id
            AND i.moderation = 'approved' AND i.merged_into_id IS NULL
         RETURNING v.item_id, v.attended
       ), counted AS (
         UPDATE board_items i
            SET vote_count = i.vote_count - 1, attendee_vote_count = i.attendee_vote_count - removed.attended::int
           FROM removed WHERE i.id = removed.item_id
         RETURNING i.vote_count
       )
       SELECT vote_count AS "voteCount" FROM counted`,
      [itemId, memberId],
    );
    return { voteCount: rows[0]?.voteCount ?? null };
  }

  async hasVoted(itemId: string, memberId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM board_votes WHERE item_id = $1 AND member_id = $2`,
      [itemId, memberId],
    );
    return rows.length > 0;
  }

  /** Votes in the last hour: tells a refused vote's reason apart (limit or not votable). */
  async votesLastHour(memberId: string): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM board_votes WHERE member_id = $1 AND created_at > now() - interval '1 hour'`,
      [memberId],
    );
    return row.n;
  }

  /** A member's votes on listed items, newest first (board_votes_member_id_created_at_idx). */
  byMember(memberId: string): Promise<MyVoteRow[]> {
    return this.dataSource.query(
      `SELECT i.id::text, i.title, i.status, i.vote_count AS "voteCount", i.product_area_id AS "areaId", v.created_at AS "votedAt"
         FROM board_votes v JOIN board_items i ON i.id = v.item_id
        WHERE v.member_id = $1 AND i.merged_into_id IS NULL
        ORDER BY v.created_at DESC LIMIT 200`,
      [memberId],
    );
  }

  /** Adds followers; one who already follows keeps their first reason. */
  async follow(manager: EntityManager, itemId: string, memberIds: string[], reason: FollowReason): Promise<number> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO board_followers (item_id, member_id, reason)
       SELECT $1, unnest($2::bigint[]), $3
       ON CONFLICT (item_id, member_id) DO NOTHING RETURNING member_id`,
      [itemId, memberIds, reason],
    );
    return rows.length;
  }

  async unfollow(itemId: string, memberId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM board_followers WHERE item_id = $1 AND member_id = $2`, [
      itemId,
      memberId,
    ]);
  }

  async isFollowing(itemId: string, memberId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM board_followers WHERE item_id = $1 AND member_id = $2`,
      [itemId, memberId],
    );
    return rows.length > 0;
  }

  /** Exact counts from the rows (tests and the bench compare them with the column). */
  async recount(itemId: string): Promise<{ votes: number; attendees: number }> {
    const [row]: { votes: number; attendees: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS votes, count(*) FILTER (WHERE attended)::int AS attendees FROM board_votes WHERE item_id = $1`,
      [itemId],
    );
    return row;
  }
}
