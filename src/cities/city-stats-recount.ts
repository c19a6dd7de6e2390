/** Runs one SQL statement; fits DataSource.query, QueryRunner.query and pg's Client (via a wrapper). */
export type Query = (sql: string) => Promise<Record<string, unknown>[]>;

export interface CityStatsMismatch {
  cityId: number;
  kept: { members: number; neverInvited: number };
  recounted: { members: number; neverInvited: number };
}

/**
 * Cities whose kept counts differ from a full recount over members (empty when
 * the triggers are right). Shared by the tests and bench/city-ranking.ts.
 */
export async function cityStatsMismatches(query: Query): Promise<CityStatsMismatch[]> {
  const rows = await query(`
    SELECT c.id,
           coalesce(s.members, 0) AS kept_members, coalesce(s.never_invited, 0) AS kept_never,
           coalesce(r.members, 0) AS members, coalesce(r.never_invited, 0) AS never
      FROM cities c
      LEFT JOIN city_stats s ON s.city_id = c.id
      LEFT JOIN (SELECT city_id,
                        count(*) FILTER (WHERE unsubscribed_at IS NULL) AS members,
                        count(*) FILTER (WHERE unsubscribed_at IS NULL AND invited_count = 0) AS never_invited
                   FROM members GROUP BY city_id) r ON r.city_id = c.id
     WHERE (coalesce(s.members, 0), coalesce(s.never_invited, 0))
           IS DISTINCT FROM (coalesce(r.members, 0), coalesce(r.never_invited, 0))
     ORDER BY c.id`);
  return rows.map((r) => ({
    cityId: Number(r.id),
    kept: { members: Number(r.kept_members), neverInvited: Number(r.kept_never) },
    recounted: { members: Number(r.members), neverInvited: Number(r.never) },
  }));
}
