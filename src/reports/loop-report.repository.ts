import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface LoopFunnelRow {
  suggestions: number;
  questions: number;
  /** Suggestions and questions that became (or joined) a board item. */
  withItem: number;
  items: number;
  planned: number;
  shipped: number;
  /** Median days from the first meetup an item came from to its shipping; null when none shipped. */
  medianDaysToShipped: number | null;
}

export interface EngineerReportRow {
  engineerId: number;
  code: string;
  name: string;
  meetups: number;
  questionsAnswered: number;
  itemsHandled: number;
  itemsShipped: number;
}

/**
 * The SQL of the loop's reports: from meetups to board items and shipped features, and per engineer.
 * Inputs are every suggestion and the questions of held meetups; items are the board items they became
 * or joined (feedback_suggestions_board_item_id_idx, question_board_items_pkey); each item's first
 * "planned or further" and "shipped" come from its status history (board_item_statuses by item).
 */
@Injectable()
export class LoopReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async funnel(): Promise<LoopFunnelRow> {
    const [row] = await this.dataSource.query(
      `WITH inputs AS (
         SELECT 'suggestion' AS kind, s.board_item_id AS item_id, m.starts_at
           FROM feedback_suggestions s JOIN feedback_requests f ON f.id = s.request_id JOIN meetups m ON m.id = f.meetup_id
         UNION ALL
         SELECT 'question', l.board_item_id, m.starts_at
           FROM questions q JOIN meetups m ON m.id = q.meetup_id LEFT JOIN question_board_items l ON l.question_id = q.id
          WHERE m.status = 'held'
       ), items AS (
         SELECT item_id, min(starts_at) AS first_meetup FROM inputs WHERE item_id IS NOT NULL GROUP BY item_id
       ), reached AS (
         SELECT it.first_meetup, b.status,
                (SELECT min(h.at) FROM board_item_statuses h
                  WHERE h.item_id = it.item_id AND h.status IN ('planned', 'in_progress', 'shipped')) AS planned_at,
                (SELECT min(h.at) FROM board_item_statuses h WHERE h.item_id = it.item_id AND h.status = 'shipped') AS shipped_at
           FROM items it JOIN board_items b ON b.id = it.item_id
       )
       SELECT (SELECT count(*) FROM inputs WHERE kind = 'suggestion')::int AS suggestions,
              (SELECT count(*) FROM inputs WHERE kind = 'question')::int AS questions,
              (SELECT count(*) FROM inputs WHERE item_id IS NOT NULL)::int AS "withItem",
              count(*)::int AS items,
              count(planned_at)::int AS planned,
              count(*) FILTER (WHERE status = 'shipped')::int AS shipped,
              (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM shipped_at - first_meetup) / 86400)
                 FILTER (WHERE status = 'shipped' AND shipped_at IS NOT NULL))::float AS "medianDaysToShipped"
         FROM reached`,
    );
    return row as LoopFunnelRow;
  }

  /**
   * Per engineer: held meetups they were confirmed for, questions they answered, board items they handle
   * and how many of those shipped — each counted once per table and joined to the engineers (one pass
   * over board_items: a report, not a page per engineer).
   */
  perEngineer(): Promise<EngineerReportRow[]> {
    return this.dataSource.query(
      `WITH attended AS (
         SELECT a.engineer_id, count(*) AS n FROM engineer_assignments a JOIN meetups m ON m.id = a.meetup_id
          WHERE a.state = 'confirmed' AND m.status = 'held' GROUP BY a.engineer_id
       ), answered AS (
         SELECT engineer_id, count(*) AS n FROM question_answers GROUP BY engineer_id
       ), handled AS (
         SELECT handler_engineer_id AS engineer_id, count(*) AS n, count(*) FILTER (WHERE status = 'shipped') AS shipped
           FROM board_items WHERE handler_engineer_id IS NOT NULL GROUP BY handler_engineer_id
       )
       SELECT e.id AS "engineerId", e.engineer_code AS code, e.name,
              coalesce(att.n, 0)::int AS meetups, coalesce(an.n, 0)::int AS "questionsAnswered",
              coalesce(h.n, 0)::int AS "itemsHandled", coalesce(h.shipped, 0)::int AS "itemsShipped"
         FROM engineers e
         LEFT JOIN attended att ON att.engineer_id = e.id
         LEFT JOIN answered an ON an.engineer_id = e.id
         LEFT JOIN handled h ON h.engineer_id = e.id
        ORDER BY e.engineer_code`,
    );
  }
}
