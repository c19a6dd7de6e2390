import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { BoardStatus } from '../items/board-status';

export interface DigestLine {
  itemId: string;
  title: string;
  status: BoardStatus;
  releaseTitle: string | null;
}

@Injectable()
export class BoardNoticesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * A milestone for everyone who cares about the item: its author, its voters, its followers — once
   * each, and not those who unsubscribed from board mail. One statement, in the change's transaction.
   */
  async queueFor(manager: EntityManager, itemId: string, status: BoardStatus): Promise<number> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO board_notices (member_id, item_id, status)
       SELECT r.member_id, $1, $2
         FROM (SELECT author_member_id AS member_id FROM board_items WHERE id = $1 AND author_member_id IS NOT NULL
               UNION SELECT member_id FROM board_votes WHERE item_id = $1
               UNION SELECT member_id FROM board_followers WHERE item_id = $1) r
         LEFT JOIN board_mail_settings s ON s.member_id = r.member_id
        WHERE s.unsubscribed_at IS NULL
       RETURNING id`,
      [itemId, status],
    );
    return rows.length;
  }

  /** Members with waiting milestones whose last digest is a day old or who never had one (board_notices_waiting_idx). */
  due(limit: number): Promise<{ memberId: string }[]> {
    return this.dataSource.query(
      `SELECT DISTINCT n.member_id::text AS "memberId"
         FROM board_notices n LEFT JOIN board_mail_settings s ON s.member_id = n.member_id
        WHERE n.digest_key IS NULL AND s.unsubscribed_at IS NULL
          AND (s.last_digest_at IS NULL OR s.last_digest_at <= now() - interval '1 day')
        LIMIT $1`,
      [limit],
    );
  }

  /**
   * Claims today's digest of this member: true for exactly one caller per day, across instances
   * (the conditional upsert on board_mail_settings' primary key is the lock).
   */
  async claimDigest(manager: EntityManager, memberId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO board_mail_settings AS s (member_id, last_digest_at) VALUES ($1, now())
       ON CONFLICT (member_id) DO UPDATE SET last_digest_at = now()
        WHERE s.unsubscribed_at IS NULL AND (s.last_digest_at IS NULL OR s.last_digest_at <= now() - interval '1 day')
       RETURNING member_id`,
      [memberId],
    );
    return rows.length > 0;
  }

  /** Marks the member's waiting milestones as this digest's and returns one line per item (its latest milestone). */
  async take(manager: EntityManager, memberId: string, digestKey: string): Promise<DigestLine[]> {
    return manager.query(
      `WITH taken AS (
         UPDATE board_notices SET digest_key = $2 WHERE member_id = $1 AND digest_key IS NULL RETURNING id, item_id, status
       ), latest AS (
         SELECT DISTINCT ON (item_id) item_id, status FROM taken ORDER BY item_id, id DESC
       )
       SELECT i.id::text AS "itemId", i.title, l.status,
              (SELECT r.title FROM board_item_statuses h JOIN board_releases r ON r.id = h.release_id
                WHERE h.item_id = i.id AND h.status = 'shipped' ORDER BY h.id DESC LIMIT 1) AS "releaseTitle"
         FROM latest l JOIN board_items i ON i.id = l.item_id
        ORDER BY i.id`,
      [memberId, digestKey],
    );
  }

  async unsubscribe(memberId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO board_mail_settings AS s (member_id, unsubscribed_at) VALUES ($1, now())
       ON CONFLICT (member_id) DO UPDATE SET unsubscribed_at = coalesce(s.unsubscribed_at, now())`,
      [memberId],
    );
  }

  async isUnsubscribed(memberId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM board_mail_settings WHERE member_id = $1 AND unsubscribed_at IS NOT NULL`,
      [memberId],
    );
    return rows.length > 0;
  }
}
