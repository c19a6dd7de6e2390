import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthorKind, BoardStatus, Moderation } from './board-status';

export interface BoardItemRow {
  id: string;
  areaId: number;
  title: string;
  description: string;
  status: BoardStatus;
  authorKind: AuthorKind;
  authorMemberId: string | null;
  authorName: string | null;
  authorMeetupId: number | null;
  authorMeetupTitle: string | null;
  source: string | null;
  handlerEngineerId: number | null;
  handlerCode: string | null;
  voteCount: number;
  attendeeVoteCount: number;
  mergedIntoId: string | null;
  moderation: Moderation;
  moderationNote: string;
  statusChangedAt: Date;
  createdAt: Date;
}

export interface BoardListRow {
  id: string;
  title: string;
  status: BoardStatus;
  voteCount: number;
  attendeeVoteCount: number;
  handlerCode: string | null;
  createdAt: Date;
}

export interface HistoryRow {
  status: BoardStatus;
  engineerCode: string | null;
  note: string;
  releaseId: string | null;
  releaseTitle: string | null;
  mergeId: string | null;
  at: Date;
}

export interface NewItemRow {
  areaId: number;
  title: string;
  searchKey: string;
  description: string;
  authorKind: AuthorKind;
  authorMemberId: string | null;
  authorAccountId: number | null;
  authorMeetupId: number | null;
  source: string | null;
  moderation: Moderation;
}

export type BoardSort = 'top' | 'new';

const ITEM_COLUMNS = `i.id::text, i.product_area_id AS "areaId", i.title, i.description, i.status,
  i.author_kind AS "authorKind", i.author_member_id::text AS "authorMemberId", m.name AS "authorName",
  i.author_meetup_id AS "authorMeetupId", mt.title AS "authorMeetupTitle", i.source,
  i.handler_engineer_id AS "handlerEngineerId", e.engineer_code AS "handlerCode",
  i.vote_count AS "voteCount", i.attendee_vote_count AS "attendeeVoteCount", i.merged_into_id::text AS "mergedIntoId",
  i.moderation, i.moderation_note AS "moderationNote", i.status_changed_at AS "statusChangedAt", i.created_at AS "createdAt"`;

const ITEM_FROM = `board_items i
  LEFT JOIN members m ON m.id = i.author_member_id
  LEFT JOIN meetups mt ON mt.id = i.author_meetup_id
  LEFT JOIN engineers e ON e.id = i.handler_engineer_id`;

/** Listed on its board: approved and not merged (the predicate of the board_items_*_idx partial indexes). */
export const LISTED = `i.moderation = 'approved' AND i.merged_into_id IS NULL`;

@Injectable()
export class BoardItemsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, row: NewItemRow): Promise<string> {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO board_items (product_area_id, title, search_key, description, author_kind, author_member_id,
                                author_account_id, author_meetup_id, source, moderation)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id::text`,
      [
        row.areaId,
        row.title,
        row.searchKey,
        row.description,
        row.authorKind,
        row.authorMemberId,
        row.authorAccountId,
        row.authorMeetupId,
        row.source,
        row.moderation,
      ],
    );
    return id;
  }

  async find(id: string, manager?: EntityManager): Promise<BoardItemRow | null> {
    const rows: BoardItemRow[] = await (manager ?? this.dataSource).query(
      `SELECT ${ITEM_COLUMNS} FROM ${ITEM_FROM} WHERE i.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Takes the item's row lock for a status change, merge or moderation in `manager`'s transaction. */
  async lock(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.query(`SELECT id FROM board_items WHERE id = ANY ($1::bigint[]) ORDER BY id FOR UPDATE`, [ids]);
  }

  /**
   * One page of a board. Each sort/filter pair walks its own partial index: board_items_top_idx,
   * board_items_newest_idx, board_items_status_top_idx or board_items_status_newest_idx.
   */
  page(areaId: number, sort: BoardSort, status: BoardStatus | null, limit: number, offset: number) {
    const order = sort === 'top' ? 'i.vote_count DESC, i.id DESC' : 'i.id DESC';
    const params: unknown[] = [areaId, limit, offset];
    if (status) params.push(status);
    return this.dataSource.query(
      `SELECT i.id::text, i.title, i.status, i.vote_count AS "voteCount", i.attendee_vote_count AS "attendeeVoteCount",
              e.engineer_code AS "handlerCode", i.created_at AS "createdAt"
         FROM board_items i LEFT JOIN engineers e ON e.id = i.handler_engineer_id
        WHERE i.product_area_id = $1 AND ${LISTED} ${status ? 'AND i.status = $4' : ''}
        ORDER BY ${order} LIMIT $2 OFFSET $3`,
      params,
    ) as Promise<BoardListRow[]>;
  }

  /** Listed items of a board (optionally of one status): an index-only count over board_items_status_newest_idx. */
  async count(areaId: number, status: BoardStatus | null): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM board_items i
        WHERE i.product_area_id = $1 AND ${LISTED} AND ($2::text IS NULL OR i.status = $2)`,
      [areaId, status],
    );
    return row.n;
  }

  /** Listed items per board and status, for the boards index and the roadmap's headings. */
  countsByArea(): Promise<{ areaId: number; status: BoardStatus; n: number }[]> {
    return this.dataSource.query(
      `SELECT i.product_area_id AS "areaId", i.status, count(*)::int AS n
         FROM board_items i WHERE ${LISTED} GROUP BY 1, 2`,
    );
  }

  history(itemId: string): Promise<HistoryRow[]> {
    // board_item_statuses_item_id_idx
    return this.dataSource.query(
      `SELECT h.status, h.engineer_code AS "engineerCode", h.note, h.release_id::text AS "releaseId",
              r.title AS "releaseTitle", h.merge_id::text AS "mergeId", h.at
         FROM board_item_statuses h LEFT JOIN board_releases r ON r.id = h.release_id
        WHERE h.item_id = $1 ORDER BY h.id`,
      [itemId],
    );
  }

  async appendHistory(
    manager: EntityManager,
    entry: {
      itemId: string;
      status: BoardStatus;
      engineerId: number | null;
      accountId: number | null;
      note: string;
      releaseId?: string | null;
      mergeId?: string | null;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO board_item_statuses (item_id, status, engineer_id, engineer_code, account_id, note, release_id, merge_id)
       VALUES ($1, $2, $3, (SELECT engineer_code FROM engineers WHERE id = $3), $4, $5, $6, $7)`,
      [
        entry.itemId,
        entry.status,
        entry.engineerId,
        entry.accountId,
        entry.note,
        entry.releaseId ?? null,
        entry.mergeId ?? null,
      ],
    );
  }

  async setStatus(
    manager: EntityManager,
    id: string,
    status: BoardStatus,
    handlerEngineerId: number | null,
    mergedIntoId: string | null = null,
  ): Promise<void> {
    await manager.query(
      `UPDATE board_items SET status = $2, handler_engineer_id = $3, merged_into_id = $4,
              status_changed_at = now(), updated_at = now()
        WHERE id = $1`,
      [id, status, handlerEngineerId, mergedIntoId],
    );
  }

  async setModeration(manager: EntityManager, id: string, moderation: Moderation, note: string): Promise<void> {
    await manager.query(
      `UPDATE board_items SET moderation = $2, moderation_note = $3, updated_at = now() WHERE id = $1`,
      [id, moderation, note],
    );
  }

  async edit(manager: EntityManager, id: string, fields: { title: string; searchKey: string; description: string }) {
    await manager.query(
      `UPDATE board_items SET title = $2, search_key = $3, description = $4, updated_at = now() WHERE id = $1`,
      [id, fields.title, fields.searchKey, fields.description],
    );
  }

  /**
   * Listed items whose title shares words with `key` (both search keys, search-key.ts), best first.
   * The candidates come first, from board_item_search_keys_trgm_idx alone (the `<%` operator; the CTE is
   * materialised so the planner cannot start from a board's index and score every item of the board
   * instead); listing, board and order are applied to those few. The keys live in a table of their own
   * (migration 1796315598162) so that votes, which rewrite board_items rows, leave that index alone.
   */
  similar(key: string, areaId: number | null, limit: number): Promise<BoardListRow[]> {
    // `<%` keeps pg_trgm's default word_similarity_threshold (0.6): a higher one for long input would drop
    // titles holding the same words in another order ("front camera night" scores 0.68 against "Night mode
    // for the front camera"), and setting it per statement costs a transaction.
    return this.dataSource.query(
      `WITH candidates AS MATERIALIZED (
         SELECT item_id, word_similarity($1, search_key) AS score FROM board_item_search_keys WHERE $1 <% search_key
       )
       SELECT i.id::text, i.title, i.status, i.vote_count AS "voteCount", i.attendee_vote_count AS "attendeeVoteCount",
              e.engineer_code AS "handlerCode", i.created_at AS "createdAt"
         FROM candidates c JOIN board_items i ON i.id = c.item_id LEFT JOIN engineers e ON e.id = i.handler_engineer_id
        WHERE ${LISTED} AND ($2::int IS NULL OR i.product_area_id = $2)
        ORDER BY c.score DESC, i.vote_count DESC
        LIMIT $3`,
      [key, areaId, limit],
    );
  }

  /** A member's items, newest first, whatever their moderation (board_items_author_member_id_idx). */
  byAuthor(memberId: string): Promise<(BoardListRow & { moderation: Moderation; areaId: number })[]> {
    return this.dataSource.query(
      `SELECT i.id::text, i.title, i.status, i.vote_count AS "voteCount", i.attendee_vote_count AS "attendeeVoteCount",
              e.engineer_code AS "handlerCode", i.created_at AS "createdAt", i.moderation, i.product_area_id AS "areaId"
         FROM board_items i LEFT JOIN engineers e ON e.id = i.handler_engineer_id
        WHERE i.author_member_id = $1 ORDER BY i.id DESC LIMIT 200`,
      [memberId],
    );
  }

  /** Approved items by this member: none yet means their next item waits for moderation. */
  async approvedByAuthor(manager: EntityManager, memberId: string): Promise<number> {
    const [row]: { n: number }[] = await manager.query(
      `SELECT count(*)::int AS n FROM board_items WHERE author_member_id = $1 AND moderation = 'approved'`,
      [memberId],
    );
    return row.n;
  }

  /** Items this member posted within the window (the per-member posting limit). */
  async postedSince(manager: EntityManager, memberId: string, seconds: number): Promise<number> {
    const [row]: { n: number }[] = await manager.query(
      `SELECT count(*)::int AS n FROM board_items
        WHERE author_member_id = $1 AND created_at > now() - make_interval(secs => $2)`,
      [memberId, seconds],
    );
    return row.n;
  }

  pending(limit = 100): Promise<BoardItemRow[]> {
    // board_items_pending_idx
    return this.dataSource.query(
      `SELECT ${ITEM_COLUMNS} FROM ${ITEM_FROM} WHERE i.moderation = 'pending' ORDER BY i.id LIMIT $1`,
      [limit],
    );
  }

  /** Listed items of these statuses, latest change first: the roadmap and the engineers' queue. */
  byStatus(
    statuses: BoardStatus[],
    areaIds: number[] | null,
    limit: number,
  ): Promise<(BoardListRow & { areaId: number })[]> {
    return this.dataSource.query(
      `SELECT i.id::text, i.title, i.status, i.vote_count AS "voteCount", i.attendee_vote_count AS "attendeeVoteCount",
              e.engineer_code AS "handlerCode", i.created_at AS "createdAt", i.product_area_id AS "areaId",
              i.status_changed_at AS "statusChangedAt"
         FROM board_items i LEFT JOIN engineers e ON e.id = i.handler_engineer_id
        WHERE i.status = ANY ($1::text[]) AND ${LISTED} AND ($2::int[] IS NULL OR i.product_area_id = ANY ($2::int[]))
        ORDER BY i.status_changed_at DESC LIMIT $3`,
      [statuses, areaIds, limit],
    );
  }
}
