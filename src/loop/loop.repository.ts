import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** A meetup's question as staff turn it into a board item. */
export interface LoopQuestionRow {
  id: string;
  meetupId: number;
  productAreaId: number;
  body: string;
  votes: number;
  askerId: string;
  askerName: string;
  boardItemId: string | null;
  itemTitle: string | null;
  itemStatus: string | null;
}

/**
 * The SQL of question lineage: a meetup's questions with the item each became, who asked and
 * up-voted one, the link itself, and an item's meetup origins.
 */
@Injectable()
export class LoopRepository {
  constructor(readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The meetup's questions, most voted first, with their items (questions_meetup_id_votes_idx). */
  questions(meetupId: number): Promise<LoopQuestionRow[]> {
    return this.dataSource.query(
      `SELECT q.id::text AS id, q.meetup_id AS "meetupId", q.product_area_id AS "productAreaId", q.body, q.votes,
              i.member_id::text AS "askerId", mb.name AS "askerName",
              l.board_item_id::text AS "boardItemId", b.title AS "itemTitle", b.status AS "itemStatus"
         FROM questions q
         JOIN invitations i ON i.id = q.invitation_id
         JOIN members mb ON mb.id = i.member_id
         LEFT JOIN question_board_items l ON l.question_id = q.id
         LEFT JOIN board_items b ON b.id = l.board_item_id
        WHERE q.meetup_id = $1
        ORDER BY q.votes DESC, q.id`,
      [meetupId],
    );
  }

  async question(manager: EntityManager, questionId: string): Promise<LoopQuestionRow | undefined> {
    const [row] = await manager.query(
      `SELECT q.id::text AS id, q.meetup_id AS "meetupId", q.product_area_id AS "productAreaId", q.body, q.votes,
              i.member_id::text AS "askerId", mb.name AS "askerName",
              l.board_item_id::text AS "boardItemId", NULL AS "itemTitle", NULL AS "itemStatus"
         FROM questions q
         JOIN invitations i ON i.id = q.invitation_id
         JOIN members mb ON mb.id = i.member_id
         LEFT JOIN question_board_items l ON l.question_id = q.id
        WHERE q.id = $1
          FOR UPDATE OF q`,
      [questionId],
    );
    return row as LoopQuestionRow | undefined;
  }

  /** Where and when the meetup was: the new item's source line (meetups_pkey, cities_pkey). */
  async meetupPlace(
    manager: EntityManager,
    meetupId: number,
  ): Promise<{ city: string; timeZone: string; startsAt: Date }> {
    const [row] = await manager.query(
      `SELECT c.name AS city, c.time_zone AS "timeZone", m.starts_at AS "startsAt"
         FROM meetups m JOIN cities c ON c.id = m.city_id WHERE m.id = $1`,
      [meetupId],
    );
    return row;
  }

  /** Members who up-voted the question (question_votes_pkey). */
  async upVoters(manager: EntityManager, questionId: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT i.member_id::text AS id FROM question_votes v JOIN invitations i ON i.id = v.invitation_id
        WHERE v.question_id = $1`,
      [questionId],
    );
    return rows.map((r) => r.id);
  }

  async link(
    manager: EntityManager,
    questionId: string,
    itemId: string,
    how: 'created' | 'linked',
    accountId: number | null,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO question_board_items (question_id, board_item_id, how, linked_by) VALUES ($1, $2, $3, $4)`,
      [questionId, itemId, how, accountId],
    );
  }

  /**
   * Where an item came from at meetups: how many meetups asked or suggested it and how many fans (askers,
   * up-voters, suggesters; question_board_items_board_item_id_idx, feedback_suggestions_board_item_id_idx).
   */
  async origins(itemId: string): Promise<{ meetups: number; fans: number }> {
    const [row] = await this.dataSource.query(
      `WITH asked AS (
         SELECT q.meetup_id, i.member_id
           FROM question_board_items l JOIN questions q ON q.id = l.question_id JOIN invitations i ON i.id = q.invitation_id
          WHERE l.board_item_id = $1
         UNION
         SELECT q.meetup_id, i.member_id
           FROM question_board_items l JOIN question_votes v ON v.question_id = l.question_id
           JOIN questions q ON q.id = l.question_id JOIN invitations i ON i.id = v.invitation_id
          WHERE l.board_item_id = $1
         UNION
         SELECT f.meetup_id, i.member_id
           FROM feedback_suggestions s JOIN feedback_requests f ON f.id = s.request_id JOIN invitations i ON i.id = f.invitation_id
          WHERE s.board_item_id = $1
       )
       SELECT count(DISTINCT meetup_id)::int AS meetups, count(DISTINCT member_id)::int AS fans FROM asked`,
      [itemId],
    );
    return row as { meetups: number; fans: number };
  }

  /**
   * Everything a member suggested in feedback or asked at meetups, newest first, with the item it is on
   * and that item's status (invitations_member_id_idx, then each invitation's questions and feedback).
   */
  fromMember(memberId: string): Promise<MemberLoopRow[]> {
    return this.dataSource.query(
      `SELECT x.kind, x.body, x.at, m.title AS "meetupTitle", c.name AS city,
              b.id::text AS "itemId", b.title AS "itemTitle", b.status AS "itemStatus"
         FROM (
           SELECT 'question' AS kind, q.body, q.meetup_id, l.board_item_id, q.created_at AS at
             FROM invitations i JOIN questions q ON q.invitation_id = i.id
             LEFT JOIN question_board_items l ON l.question_id = q.id
            WHERE i.member_id = $1
           UNION ALL
           SELECT 'suggestion', s.body, f.meetup_id, s.board_item_id, s.created_at
             FROM invitations i JOIN feedback_requests f ON f.invitation_id = i.id
             JOIN feedback_suggestions s ON s.request_id = f.id
            WHERE i.member_id = $1
         ) x
         JOIN meetups m ON m.id = x.meetup_id JOIN cities c ON c.id = m.city_id
         LEFT JOIN board_items b ON b.id = x.board_item_id
        ORDER BY x.at DESC
        LIMIT 200`,
      [memberId],
    );
  }
}

/** A member's question or suggestion from a meetup, and where it stands on the boards. */
export interface MemberLoopRow {
  kind: 'question' | 'suggestion';
  body: string;
  at: Date;
  meetupTitle: string;
  city: string;
  itemId: string | null;
  itemTitle: string | null;
  itemStatus: string | null;
}
