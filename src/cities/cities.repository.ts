import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface CityRow {
  id: number;
  name: string;
  /** The Chinese name of a gazetteer city (西安). */
  nameZh: string | null;
  /** GB/T 2260 code of a gazetteer city. */
  code: string | null;
  province: string | null;
  provinceZh: string | null;
  /** Created by an import with "create unverified cities": for staff to check or merge. */
  unverified: boolean;
  timeZone: string;
  population: number | null;
  members: number;
}

export interface CityFacts extends CityRow {
  neverInvited: number;
  /** Start of the latest meetup that is not cancelled (past or planned). */
  lastMeetupAt: Date | null;
}

/** With counts from city_stats, or recounted from members (the naive way, kept for the benchmark). */
const factsSql = (counts: string) => `
  SELECT c.id, c.name, c.name_zh, c.code, c.province, c.province_zh, c.unverified, c.time_zone, c.population,
         coalesce(s.members, 0) AS members, coalesce(s.never_invited, 0) AS never_invited, m.last_meetup_at
    FROM cities c
    LEFT JOIN ${counts} s ON s.city_id = c.id
    LEFT JOIN (SELECT city_id, max(starts_at) AS last_meetup_at FROM meetups WHERE status <> 'cancelled'
                GROUP BY city_id) m ON m.city_id = c.id`;

@Injectable()
export class CitiesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every city with its kept counts (city_stats primary key) and last meetup (meetups_city_id_starts_at_idx). */
  async facts(): Promise<CityFacts[]> {
    return this.map(await this.dataSource.query(factsSql('city_stats')));
  }

  /** The same facts counted by a full GROUP BY over members: the baseline the kept counts replace. */
  async factsRecounted(): Promise<CityFacts[]> {
    return this.map(
      await this.dataSource.query(
        factsSql(`(SELECT city_id, count(*) FILTER (WHERE unsubscribed_at IS NULL) AS members,
                          count(*) FILTER (WHERE unsubscribed_at IS NULL AND invited_count = 0) AS never_invited
                     FROM members GROUP BY city_id)`),
      ),
    );
  }

  async exists(id: number): Promise<{ id: number; timeZone: string; name: string; nameZh: string | null } | null> {
    const [row] = await this.dataSource.query('SELECT id, name, name_zh, time_zone FROM cities WHERE id = $1', [id]);
    return row ? { id: row.id, name: row.name, nameZh: row.name_zh, timeZone: row.time_zone } : null;
  }

  private map(rows: Record<string, unknown>[]): CityFacts[] {
    return rows.map((r) => ({
      id: Number(r.id),
      name: String(r.name),
      nameZh: (r.name_zh as string | null) ?? null,
      code: (r.code as string | null) ?? null,
      province: (r.province as string | null) ?? null,
      provinceZh: (r.province_zh as string | null) ?? null,
      unverified: r.unverified === true,
      timeZone: String(r.time_zone),
      population: r.population === null ? null : Number(r.population),
      members: Number(r.members),
      neverInvited: Number(r.never_invited),
      lastMeetupAt: (r.last_meetup_at as Date | null) ?? null,
    }));
  }
  /**
   * Registered (subscribed) members of every city: exact, from the counts the statement-level triggers keep
   * in city_stats (one row per city), so no scan of members and no planner estimate.
   */
  async memberTotal(): Promise<number> {
    const [row]: { n: string }[] = await this.dataSource.query(`SELECT coalesce(sum(members), 0) AS n FROM city_stats`);
    return Number(row.n);
  }

  /** Cities with their registered (subscribed) members, from the kept counts (city_stats primary key). */
  async listWithMembers(id?: number): Promise<CityRow[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `
      SELECT c.id, c.name, c.name_zh, c.code, c.province, c.province_zh, c.unverified, c.time_zone, c.population,
             coalesce(s.members, 0) AS members
        FROM cities c
        LEFT JOIN city_stats s ON s.city_id = c.id
       ${id === undefined ? '' : 'WHERE c.id = $1'}
       ORDER BY members DESC, c.name`,
      id === undefined ? [] : [id],
    );
    return rows.map((r) => ({
      id: r.id as number,
      name: r.name as string,
      nameZh: r.name_zh as string | null,
      code: r.code as string | null,
      province: r.province as string | null,
      provinceZh: r.province_zh as string | null,
      unverified: r.unverified as boolean,
      timeZone: r.time_zone as string,
      population: r.population as number | null,
      members: Number(r.members),
    }));
  }

  /** For city selects; the time zone lets a form say in which zone its times are. */
  options(): Promise<{ id: number; name: string; nameZh: string | null; timeZone: string }[]> {
    return this.dataSource.query(
      'SELECT id, name, name_zh AS "nameZh", time_zone AS "timeZone" FROM cities ORDER BY name',
    );
  }

  async count(): Promise<number> {
    const [row]: { n: string }[] = await this.dataSource.query('SELECT count(*) AS n FROM cities');
    return Number(row.n);
  }
}
