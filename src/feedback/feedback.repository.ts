import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Locale } from '../common/locale';
import type { FeedbackInput } from './feedback-rules';

/** A request as its link's page needs it. */
export interface RequestRow {
  id: string;
  meetupId: number;
  memberId: string;
  sentAt: Date;
  answeredAt: Date | null;
  name: string;
  locale: Locale;
  title: string;
  city: string;
  timeZone: string;
  startsAt: Date;
}

export interface SavedAnswer {
  rating: number;
  recommend: number;
  good: string;
  suggestions: { slot: number; productAreaId: number; body: string }[];
}

const REQUEST_COLUMNS = `f.id::text AS id, f.meetup_id AS "meetupId", i.member_id::text AS "memberId",
  f.sent_at AS "sentAt", f.answered_at AS "answeredAt", mb.name, mb.locale,
  m.title, c.name AS city, c.time_zone AS "timeZone", m.starts_at AS "startsAt"`;

/** The SQL behind a member's feedback link: find the request by its token's hash, read and save the answer. */
@Injectable()
export class FeedbackRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** By the token's hash (feedback_requests_token_hash_key); `lock` takes the row's lock in a transaction. */
  async byTokenHash(hash: Buffer, manager?: EntityManager): Promise<RequestRow | undefined> {
    const [row] = await (manager ?? this.dataSource).query(
      `SELECT ${REQUEST_COLUMNS}
         FROM feedback_requests f
         JOIN invitations i ON i.id = f.invitation_id
         JOIN members mb ON mb.id = i.member_id
         JOIN meetups m ON m.id = f.meetup_id
         JOIN cities c ON c.id = m.city_id
        WHERE f.token_hash = $1
        ${manager ? 'FOR UPDATE OF f' : ''}`,
      [hash],
    );
    return row as RequestRow | undefined;
  }

  async answerOf(requestId: string, manager?: EntityManager): Promise<SavedAnswer | null> {
    const db = manager ?? this.dataSource;
    const [answer] = await db.query(`SELECT rating, recommend, good FROM feedback_answers WHERE request_id = $1`, [
      requestId,
    ]);
    if (!answer) return null;
    const suggestions = await db.query(
      `SELECT slot, product_area_id AS "productAreaId", body FROM feedback_suggestions
        WHERE request_id = $1 ORDER BY slot`,
      [requestId],
    );
    return { ...(answer as Omit<SavedAnswer, 'suggestions'>), suggestions };
  }

  /**
   * The answer replaces the previous one; each suggestion keeps the slot (form box) it was written in.
   * Suggestions already on the board stay as they are.
   */
  async saveAnswer(manager: EntityManager, requestId: string, answer: FeedbackInput, now: Date): Promise<void> {
    await manager.query(
      `INSERT INTO feedback_answers (request_id, rating, recommend, good) VALUES ($1, $2, $3, $4)
       ON CONFLICT (request_id) DO UPDATE
         SET rating = excluded.rating, recommend = excluded.recommend, good = excluded.good, updated_at = now()`,
      [requestId, answer.rating, answer.recommend, answer.good],
    );
    // A suggestion already on the board stays; its slot is taken, so a new text for that box is left out.
    await manager.query(`DELETE FROM feedback_suggestions WHERE request_id = $1 AND board_item_id IS NULL`, [
      requestId,
    ]);
    if (answer.suggestions.length)
      await manager.query(
        `INSERT INTO feedback_suggestions (request_id, slot, product_area_id, body)
         SELECT $1, s.slot, s.area, s.body
           FROM unnest($2::smallint[], $3::int[], $4::text[]) AS s (slot, area, body)
         ON CONFLICT (request_id, slot) DO NOTHING`,
        [
          requestId,
          answer.suggestions.map((s) => s.slot),
          answer.suggestions.map((s) => s.productAreaId),
          answer.suggestions.map((s) => s.body),
        ],
      );
    await manager.query(
      `UPDATE feedback_requests SET answered_at = coalesce(answered_at, greatest(sent_at, $2)) WHERE id = $1`,
      [requestId, now],
    );
  }
}
