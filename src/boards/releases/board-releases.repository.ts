import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { BoardStatus } from '../items/board-status';

export interface ReleaseRow {
  id: string;
  title: string;
  releasedOn: string;
  publishedAt: Date | null;
  createdAt: Date;
}

export interface ReleaseItemRow {
  releaseId: string;
  id: string;
  title: string;
  status: BoardStatus;
  areaId: number;
  voteCount: number;
}

const COLUMNS = `id::text, title, released_on::text AS "releasedOn", published_at AS "publishedAt", created_at AS "createdAt"`;

@Injectable()
export class BoardReleasesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, title: string, releasedOn: string, accountId: number | null): Promise<string> {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO board_releases (title, released_on, account_id) VALUES ($1, $2, $3) RETURNING id::text`,
      [title, releasedOn, accountId],
    );
    return id;
  }

  /** Links the items that exist, are approved and not merged; returns the ids it could not link. */
  async addItems(manager: EntityManager, releaseId: string, itemIds: string[]): Promise<string[]> {
    const rows: { itemId: string }[] = await manager.query(
      `INSERT INTO board_release_items (release_id, item_id)
       SELECT $1, i.id FROM board_items i
        WHERE i.id = ANY ($2::bigint[]) AND i.moderation = 'approved' AND i.merged_into_id IS NULL
       ON CONFLICT DO NOTHING RETURNING item_id::text AS "itemId"`,
      [releaseId, itemIds],
    );
    const linked = new Set(rows.map((r) => r.itemId));
    return [...new Set(itemIds)].filter((id) => !linked.has(String(BigInt(id))));
  }

  async find(id: string, manager?: EntityManager, lock = false): Promise<ReleaseRow | null> {
    const rows: ReleaseRow[] = await (manager ?? this.dataSource).query(
      `SELECT ${COLUMNS} FROM board_releases WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async markPublished(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE board_releases SET published_at = now() WHERE id = $1`, [id]);
  }

  items(releaseIds: string[], manager?: EntityManager): Promise<ReleaseItemRow[]> {
    return (manager ?? this.dataSource).query(
      `SELECT ri.release_id::text AS "releaseId", i.id::text, i.title, i.status, i.product_area_id AS "areaId",
              i.vote_count AS "voteCount"
         FROM board_release_items ri JOIN board_items i ON i.id = ri.item_id
        WHERE ri.release_id = ANY ($1::bigint[]) ORDER BY ri.release_id, i.id`,
      [releaseIds],
    );
  }

  /** Newest first (board_releases_published_at_idx); drafts when `published` is false. */
  list(published: boolean, limit: number): Promise<ReleaseRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM board_releases WHERE (published_at IS NOT NULL) = $1
        ORDER BY published_at DESC NULLS LAST, released_on DESC, id DESC LIMIT $2`,
      [published, limit],
    );
  }
}
