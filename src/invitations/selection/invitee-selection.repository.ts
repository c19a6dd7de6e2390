import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Locale } from '../../common/locale';
import { INVITEE_SCORE_BASE_SQL, InviteeFacts, inviteeScoreSql, inviteeScoreSqlParts } from './invitee-score';

/** A member as the ranking returns them: the facts `scoreInvitee` explains, and the SQL total. */
export interface RankedMember extends InviteeFacts {
  externalId: string;
  name: string;
  email: string;
  locale: Locale;
  cityId: number;
  /** The total computed by PostgreSQL; equals `scoreInvitee(...).total` (e2e-tested). */
  score: number;
}

/** What ranks whom: the meetup, its city, and the instants that bound eligibility. */
export interface RankingScope {
  meetupId: number;
  cityId: number;
  /** The meetup's local date (YYYY-MM-DD), for tenure. */
  meetupDate: string;
  /** Members invited after this instant are still in their re-invite window. */
  reinviteCutoff: Date;
}

const FACTS = `m.id::text AS "memberId", m.external_id AS "externalId", m.name, m.email, m.locale, m.city_id AS "cityId",
  m.forum_posts AS "forumPosts", m.honorary, m.registered_on::text AS "registeredOn", m.attended_count AS "attendedCount",
  m.no_show_count AS "noShowCount", m.invited_count AS "invitedCount", m.last_invited_at AS "lastInvitedAt",
  m.unsubscribed_at AS "unsubscribedAt"`;

/**
 * Who may be proposed ($1 city, $3 re-invite cutoff, $4 meetup): subscribed (the partial index's
 * own predicate), not invited within the re-invite window, not invited to this meetup yet, not left
 * out of it by staff. The two NOT EXISTS probe invitations_meetup_id_member_id_key and
 * invitee_exclusions_pkey once per member the walk visits.
 */
const ELIGIBLE = `m.city_id = $1 AND m.unsubscribed_at IS NULL
  AND (m.last_invited_at IS NULL OR m.last_invited_at <= $3)
  AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.meetup_id = $4 AND i.member_id = m.id)
  AND NOT EXISTS (SELECT 1 FROM invitee_exclusions x WHERE x.meetup_id = $4 AND x.member_id = m.id)`;

const { tenure: TENURE, tenureMax: TENURE_MAX } = inviteeScoreSqlParts('m', '$2');

/** See `ranked`. $1 city, $2 meetup date, $3 re-invite cutoff, $4 meetup, $5 how many. */
const TWO_STEP_RANKING = `
  WITH walk AS (
    SELECT ${INVITEE_SCORE_BASE_SQL} + ${TENURE} AS score
      FROM members m
     WHERE ${ELIGIBLE}
     ORDER BY ${INVITEE_SCORE_BASE_SQL} DESC, m.id
     LIMIT 2 * $5
  ), floor AS (
    SELECT CASE WHEN (SELECT count(*) FROM walk) < $5 THEN -2147483648
                ELSE (SELECT score FROM walk ORDER BY score DESC LIMIT 1 OFFSET $5 - 1) - ${TENURE_MAX} END AS base
  ), top AS (
    SELECT m.id, ${INVITEE_SCORE_BASE_SQL} + ${TENURE} AS score
      FROM members m
     WHERE ${ELIGIBLE}
       AND ${INVITEE_SCORE_BASE_SQL} >= (SELECT base FROM floor)
     ORDER BY score DESC, m.id
     LIMIT $5
  )
  SELECT ${FACTS}, top.score
    FROM top JOIN members m ON m.id = top.id
   ORDER BY top.score DESC, m.id`;

/**
 * The invitee ranking in SQL: a city's eligible members best-first by the explainable score of
 * invitee-score.ts. Read-only; callers sending a wave pass their transaction's manager so the
 * ranking sees the invitations made under the same meetup lock.
 */
@Injectable()
export class InviteeSelectionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The top `limit` eligible members, score descending, then member id — in two steps over
   * members_invitee_rank_idx (city_id, <INVITEE_SCORE_BASE_SQL> DESC, id), so a 1,000,000-member
   * city costs a short index walk instead of scoring every row:
   *   1. `floor`: walk the index in order (ORDER BY the index's very expression) for the best
   *      2 × `limit` eligible members by base and take the `limit`-th best full score among them
   *      (base + tenure); at least `limit` members score that much, so the answer's last one does too;
   *   2. the exact score of eligible members whose base is at least that score − (most tenure
   *      points), an index range scan, sorted, first `limit` taken; then their facts by primary key.
   * Exact: a member whose base is below the bound cannot reach the bound even with full tenure.
   * The floor comes from full scores, not bases, because most members have full tenure: a floor
   * from bases alone (the first version) let step 2 read every member within 20 base points of
   * it, 12,784 rows for k = 200 in a city of 100,000 where the 200th base sits in a crowded band.
   * With fewer eligible members than `limit`, step 1 sets no floor and step 2 reads them all.
   */
  async ranked(scope: RankingScope, limit: number, manager: EntityManager = this.dataSource.manager) {
    const rows: RankedMember[] = await manager.query(TWO_STEP_RANKING, this.params(scope, limit));
    return rows;
  }

  /**
   * The plan PostgreSQL picks for `ranked` (JSON), to check that it walks members_invitee_rank_idx;
   * with `analyze`, run for real with the rows each step read.
   */
  async explainRanked(
    scope: RankingScope,
    limit: number,
    manager: EntityManager = this.dataSource.manager,
    analyze = false,
  ): Promise<unknown> {
    const [row]: { 'QUERY PLAN': unknown }[] = await manager.query(
      `EXPLAIN (FORMAT JSON${analyze ? ', ANALYZE, BUFFERS' : ''}) ${TWO_STEP_RANKING}`,
      this.params(scope, limit),
    );
    return row['QUERY PLAN'];
  }

  /**
   * The same ranking in one step: every eligible member of the city scored and sorted. The
   * baseline of bench/invitee-selection.ts and the e2e cross-check; too slow for big cities
   * (members_city_id_idx, then a sort of the whole city).
   */
  rankedOneStep(scope: RankingScope, limit: number, manager: EntityManager = this.dataSource.manager) {
    return manager.query(
      `SELECT ${FACTS}, ${inviteeScoreSql('m', '$2')} AS score
         FROM members m
        WHERE ${ELIGIBLE}
        ORDER BY score DESC, m.id
        LIMIT $5`,
      this.params(scope, limit),
    ) as Promise<RankedMember[]>;
  }

  /**
   * Members staff name by id, with what decides whether they can be invited to this meetup by
   * hand (primary key; invitations_meetup_id_member_id_key). The score is the SQL total, null for
   * a member the ranking would not list (another city, unsubscribed, in the re-invite window).
   */
  async byIds(scope: RankingScope, memberIds: string[], manager: EntityManager = this.dataSource.manager) {
    if (memberIds.length === 0) return [];
    const rows: (RankedMember & { alreadyInvited: boolean })[] = await manager.query(
      `SELECT ${FACTS},
              EXISTS (SELECT 1 FROM invitations i WHERE i.meetup_id = $4 AND i.member_id = m.id) AS "alreadyInvited",
              CASE WHEN m.city_id = $1 AND m.unsubscribed_at IS NULL AND (m.last_invited_at IS NULL OR m.last_invited_at <= $3)
                   THEN ${inviteeScoreSql('m', '$2')} END AS score
         FROM members m
        WHERE m.id = ANY ($5::bigint[])
        ORDER BY m.id`,
      [scope.cityId, scope.meetupDate, scope.reinviteCutoff, scope.meetupId, memberIds],
    );
    return rows;
  }

  /** Leaves members out of the meetup's proposals for good (invitee_exclusions_pkey). */
  async exclude(manager: EntityManager, meetupId: number, memberIds: string[], by: number | null): Promise<void> {
    if (memberIds.length === 0) return;
    await manager.query(
      `INSERT INTO invitee_exclusions (meetup_id, member_id, excluded_by)
       SELECT $1, id, $3 FROM members WHERE id = ANY ($2::bigint[])
       ON CONFLICT (meetup_id, member_id) DO NOTHING`,
      [meetupId, memberIds, by],
    );
  }

  /** Puts members back into the meetup's proposals; returns how many were left out. */
  async include(manager: EntityManager, meetupId: number, memberIds: string[]): Promise<number> {
    if (memberIds.length === 0) return 0;
    const rows: unknown[] = await manager.query(
      `WITH gone AS (DELETE FROM invitee_exclusions WHERE meetup_id = $1 AND member_id = ANY ($2::bigint[]) RETURNING 1)
       SELECT 1 FROM gone`,
      [meetupId, memberIds],
    );
    return rows.length;
  }

  /** Who staff left out of the meetup, latest first (invitee_exclusions_pkey serves the meetup). */
  excluded(meetupId: number, manager: EntityManager = this.dataSource.manager) {
    return manager.query(
      `SELECT m.id::text AS "memberId", m.name, m.email, m.external_id AS "externalId", x.created_at AS "excludedAt",
              a.name AS "excludedBy"
         FROM invitee_exclusions x
         JOIN members m ON m.id = x.member_id
         LEFT JOIN accounts a ON a.id = x.excluded_by
        WHERE x.meetup_id = $1
        ORDER BY x.created_at DESC, m.id`,
      [meetupId],
    ) as Promise<
      {
        memberId: string;
        name: string;
        email: string;
        externalId: string;
        excludedAt: Date;
        excludedBy: string | null;
      }[]
    >;
  }

  private params(scope: RankingScope, limit: number): unknown[] {
    return [scope.cityId, scope.meetupDate, scope.reinviteCutoff, scope.meetupId, limit];
  }
}
