import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface CityRow {
  id: number;
  name: string;
  province: string | null;
  timeZone: string;
  population: number | null;
  members: number;
}

@Injectable()
export class CitiesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Cities with their registered (subscribed) members; a full GROUP BY until the ranking keeps counts. */
  async listWithMembers(): Promise<CityRow[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(`
      SELECT c.id, c.name, c.province, c.time_zone, c.population, coalesce(m.n, 0) AS members
        FROM cities c
        LEFT JOIN (SELECT city_id, count(*) AS n FROM members WHERE unsubscribed_at IS NULL GROUP BY city_id) m
          ON m.city_id = c.id
       ORDER BY members DESC, c.name`);
    return rows.map((r) => ({
      id: r.id as number,
      name: r.name as string,
      province: r.province as string | null,
      timeZone: r.time_zone as string,
      population: r.population as number | null,
      members: Number(r.members),
    }));
  }

  options(): Promise<{ id: number; name: string }[]> {
    return this.dataSource.query('SELECT id, name FROM cities ORDER BY name');
  }

  async count(): Promise<number> {
    const [row]: { n: string }[] = await this.dataSource.query('SELECT count(*) AS n FROM cities');
    return Number(row.n);
  }
}
