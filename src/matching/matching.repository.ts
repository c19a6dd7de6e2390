import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { FixedPair, PriorLoad, ProposedPair } from './match-model';
import type { AssignmentState } from './engineer-assignment.entity';
import { MatchingSettings } from './matching-settings.entity';

export interface AssignmentRow {
  id: number;
  meetupId: number;
  engineerId: number;
  engineerCode: string;
  engineerName: string;
  state: AssignmentState;
  pinned: boolean;
  reasons: Partial<ProposedPair>;
  confirmedAt: Date | null;
}

export interface AnswerRow {
  questionId: string;
  engineerId: number;
  engineerCode: string;
  note: string;
  answeredAt: Date;
}

/** The matching's own tables: settings, assignments, answers. Other modules' facts come through their services. */
@Injectable()
export class MatchingRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * For the dashboard: coming meetups (before `until`, RSVP deadline still ahead) with attendees' questions in
   * product areas no confirmed engineer of the meetup covers, and how many such areas (a few weeks of
   * meetups; questions by meetup_id, assignments by meetup).
   */
  uncoveredAreas(
    now: Date,
    until: Date,
  ): Promise<{ id: number; title: string; city: string; due: Date; areas: number }[]> {
    return this.dataSource.query(
      `SELECT m.id, m.title, c.name AS city, coalesce(m.rsvp_deadline, m.starts_at) AS due,
              count(DISTINCT q.product_area_id)::int AS areas
         FROM meetups m
         JOIN cities c ON c.id = m.city_id
         JOIN questions q ON q.meetup_id = m.id
        WHERE m.status IN ('scheduled', 'inviting', 'closed') AND m.starts_at < $2
          AND coalesce(m.rsvp_deadline, m.starts_at) > $1
          AND NOT EXISTS (SELECT 1 FROM engineer_assignments a
                            JOIN engineer_product_areas ep ON ep.engineer_id = a.engineer_id
                           WHERE a.meetup_id = m.id AND a.state = 'confirmed' AND ep.product_area_id = q.product_area_id)
        GROUP BY m.id, c.name
        ORDER BY due LIMIT 20`,
      [now, until],
    );
  }

  async settings(manager: EntityManager = this.dataSource.manager): Promise<MatchingSettings> {
    return manager.getRepository(MatchingSettings).findOneByOrFail({ id: 1 });
  }

  async saveSettings(fields: Omit<MatchingSettings, 'id' | 'updatedAt'>): Promise<MatchingSettings> {
    await this.dataSource.getRepository(MatchingSettings).update({ id: 1 }, fields);
    return this.settings();
  }

  /** Every assignment of these meetups, engineers by code (engineer_assignments_meetup_id_engineer_id_key). */
  assignments(meetupIds: number[], manager: EntityManager = this.dataSource.manager): Promise<AssignmentRow[]> {
    return manager.query(
      `SELECT a.id, a.meetup_id AS "meetupId", a.engineer_id AS "engineerId", e.engineer_code AS "engineerCode",
              e.name AS "engineerName", a.state, a.pinned, a.reasons, a.confirmed_at AS "confirmedAt"
         FROM engineer_assignments a JOIN engineers e ON e.id = a.engineer_id
        WHERE a.meetup_id = ANY($1::int[])
        ORDER BY a.meetup_id, a.state, e.engineer_code`,
      [meetupIds],
    );
  }

  async assignment(id: number, manager: EntityManager = this.dataSource.manager): Promise<AssignmentRow | null> {
    const [row] = await manager.query(
      `SELECT a.id, a.meetup_id AS "meetupId", a.engineer_id AS "engineerId", e.engineer_code AS "engineerCode",
              e.name AS "engineerName", a.state, a.pinned, a.reasons, a.confirmed_at AS "confirmedAt"
         FROM engineer_assignments a JOIN engineers e ON e.id = a.engineer_id
        WHERE a.id = $1 FOR UPDATE OF a`,
      [id],
    );
    return row ?? null;
  }

  /** What the solver must keep: confirmed and pinned pairs, and the excluded ones it must not propose. */
  async fixedPairs(meetupIds: number[]): Promise<FixedPair[]> {
    const rows: { engineerId: number; meetupId: number; state: AssignmentState; pinned: boolean }[] =
      await this.dataSource.query(
        `SELECT engineer_id AS "engineerId", meetup_id AS "meetupId", state, pinned
           FROM engineer_assignments
          WHERE meetup_id = ANY($1::int[]) AND (state <> 'proposed' OR pinned)`,
        [meetupIds],
      );
    return rows.map((r) => ({
      engineerId: r.engineerId,
      meetupId: r.meetupId,
      state: r.state === 'proposed' ? 'pinned' : r.state,
    }));
  }

  /**
   * Confirmed meetups outside the horizon that fall in its months (city-local), per engineer and
   * month, with the trips among them: they count against the monthly limits.
   */
  priorLoad(meetupIds: number[], months: string[]): Promise<PriorLoad[]> {
    return this.dataSource.query(
      `SELECT a.engineer_id AS "engineerId", to_char(mt.starts_at AT TIME ZONE c.time_zone, 'YYYY-MM') AS month,
              count(*)::int AS meetups,
              count(*) FILTER (WHERE e.home_city_id IS DISTINCT FROM mt.city_id)::int AS trips
         FROM engineer_assignments a
         JOIN meetups mt ON mt.id = a.meetup_id
         JOIN cities c ON c.id = mt.city_id
         JOIN engineers e ON e.id = a.engineer_id
        WHERE a.state = 'confirmed' AND NOT (a.meetup_id = ANY($1::int[])) AND mt.status <> 'cancelled'
          AND to_char(mt.starts_at AT TIME ZONE c.time_zone, 'YYYY-MM') = ANY($2::text[])
        GROUP BY 1, 2`,
      [meetupIds, months],
    );
  }

  /**
   * A new proposal for these meetups: unpinned proposals go, the solver's pairs come in; confirmed,
   * pinned and excluded rows stay as they are, with fresh reasons for those the solver kept.
   */
  async replaceProposals(manager: EntityManager, meetupIds: number[], pairs: ProposedPair[]): Promise<void> {
    await manager.query(
      `DELETE FROM engineer_assignments WHERE meetup_id = ANY($1::int[]) AND state = 'proposed' AND NOT pinned`,
      [meetupIds],
    );
    if (!pairs.length) return;
    await manager.query(
      `INSERT INTO engineer_assignments (meetup_id, engineer_id, state, reasons)
       SELECT p.meetup_id, p.engineer_id, 'proposed', p.reasons
         FROM jsonb_to_recordset($1::jsonb) AS p(meetup_id int, engineer_id int, reasons jsonb)
       ON CONFLICT (meetup_id, engineer_id) DO UPDATE
         SET reasons = EXCLUDED.reasons, updated_at = now()
         WHERE engineer_assignments.state <> 'excluded'`,
      [JSON.stringify(pairs.map((p) => ({ meetup_id: p.meetupId, engineer_id: p.engineerId, reasons: p })))],
    );
  }

  /** Adds a pair by hand (pinned, so re-matching keeps it), or takes an excluded one back. */
  async addPinned(manager: EntityManager, meetupId: number, engineerId: number): Promise<void> {
    await manager.query(
      `INSERT INTO engineer_assignments (meetup_id, engineer_id, state, pinned)
       VALUES ($1, $2, 'proposed', true)
       ON CONFLICT (meetup_id, engineer_id) DO UPDATE SET state = 'proposed', pinned = true, updated_at = now()
         WHERE engineer_assignments.state = 'excluded'`,
      [meetupId, engineerId],
    );
  }

  async setState(manager: EntityManager, id: number, state: AssignmentState, pinned: boolean): Promise<void> {
    await manager.query(
      `UPDATE engineer_assignments
          SET state = $2, pinned = $3, updated_at = now(),
              confirmed_at = CASE WHEN $2 = 'confirmed' THEN coalesce(confirmed_at, now()) END
        WHERE id = $1`,
      [id, state, pinned],
    );
  }

  async removeExclusion(manager: EntityManager, id: number): Promise<void> {
    await manager.query(`DELETE FROM engineer_assignments WHERE id = $1 AND state = 'excluded'`, [id]);
  }

  /** Whether the engineer is confirmed for the meetup (engineer_assignments_engineer_id_state_idx). */
  async isConfirmed(engineerId: number, meetupId: number): Promise<boolean> {
    const [row] = await this.dataSource.query(
      `SELECT 1 FROM engineer_assignments WHERE engineer_id = $1 AND state = 'confirmed' AND meetup_id = $2`,
      [engineerId, meetupId],
    );
    return Boolean(row);
  }

  /** The meetups an engineer is confirmed for (engineer_assignments_engineer_id_state_idx). */
  async confirmedMeetupIds(engineerId: number): Promise<number[]> {
    const rows: { meetupId: number }[] = await this.dataSource.query(
      `SELECT meetup_id AS "meetupId" FROM engineer_assignments WHERE engineer_id = $1 AND state = 'confirmed'`,
      [engineerId],
    );
    return rows.map((r) => r.meetupId);
  }

  /** Confirmed assignments of meetups starting in [from, until) whose brief has not been mailed. */
  briefsDue(from: Date, until: Date): Promise<{ id: number; meetupId: number; engineerId: number }[]> {
    return this.dataSource.query(
      `SELECT a.id, a.meetup_id AS "meetupId", a.engineer_id AS "engineerId"
         FROM engineer_assignments a JOIN meetups mt ON mt.id = a.meetup_id
        WHERE a.state = 'confirmed' AND a.brief_sent_at IS NULL AND mt.status <> 'cancelled'
          AND mt.starts_at >= $1 AND mt.starts_at < $2`,
      [from, until],
    );
  }

  /** Marks the brief mailed; false when another instance did it first. */
  async markBriefSent(manager: EntityManager, id: number): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `UPDATE engineer_assignments SET brief_sent_at = now() WHERE id = $1 AND brief_sent_at IS NULL RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  /** Staff's expected product areas per meetup (meetup_expected_areas_pkey). */
  async expectedAreas(meetupIds: number[]): Promise<Map<number, number[]>> {
    const rows: { meetupId: number; ids: number[] }[] = await this.dataSource.query(
      `SELECT meetup_id AS "meetupId", array_agg(product_area_id ORDER BY product_area_id) AS ids
         FROM meetup_expected_areas WHERE meetup_id = ANY($1::int[]) GROUP BY meetup_id`,
      [meetupIds],
    );
    return new Map(rows.map((r) => [r.meetupId, r.ids]));
  }

  async setExpectedAreas(meetupId: number, productAreaIds: number[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM meetup_expected_areas WHERE meetup_id = $1`, [meetupId]);
      await manager.query(
        `INSERT INTO meetup_expected_areas (meetup_id, product_area_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING`,
        [meetupId, productAreaIds],
      );
    });
  }

  answers(questionIds: string[]): Promise<AnswerRow[]> {
    return this.dataSource.query(
      `SELECT qa.question_id::text AS "questionId", qa.engineer_id AS "engineerId", e.engineer_code AS "engineerCode",
              qa.note, qa.answered_at AS "answeredAt"
         FROM question_answers qa JOIN engineers e ON e.id = qa.engineer_id
        WHERE qa.question_id = ANY($1::bigint[])`,
      [questionIds],
    );
  }

  async markAnswered(questionId: string, engineerId: number, note: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO question_answers (question_id, engineer_id, note) VALUES ($1, $2, $3)
       ON CONFLICT (question_id) DO UPDATE SET engineer_id = EXCLUDED.engineer_id, note = EXCLUDED.note, answered_at = now()`,
      [questionId, engineerId, note],
    );
  }
}
