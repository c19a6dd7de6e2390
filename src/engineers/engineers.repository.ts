import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Engineer } from './engineer.entity';

export interface EngineerView {
  id: number;
  engineerCode: string;
  name: string;
  homeCityId: number | null;
  homeCity: string | null;
  availability: string;
  active: boolean;
  productAreaIds: number[];
  productAreas: string[];
  /** The product areas they are an expert in (a subset of productAreaIds); the rest they know. */
  expertAreaIds: number[];
  /** slug → depth, for the matching. */
  areaDepths: Record<string, 'expert' | 'knows'>;
  languages: string[];
  unavailableDates: string[];
  /** Null: staff's default. */
  maxMeetupsPerMonth: number | null;
  maxTripsPerMonth: number | null;
}

export interface EngineerFields {
  engineerCode: string;
  name: string;
  homeCityId: number | null;
  availability: string;
  active: boolean;
  languages: string[];
  unavailableDates: string[];
  maxMeetupsPerMonth: number | null;
  maxTripsPerMonth: number | null;
}

@Injectable()
export class EngineersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Engineers with their city and product areas in one query. */
  async list(id?: number): Promise<EngineerView[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT e.id, e.engineer_code, e.name, e.home_city_id, c.name AS home_city, e.availability, e.active,
              coalesce(array_agg(pa.id ORDER BY pa.slug) FILTER (WHERE pa.id IS NOT NULL), '{}') AS product_area_ids,
              coalesce(array_agg(pa.name_en ORDER BY pa.slug) FILTER (WHERE pa.id IS NOT NULL), '{}') AS product_areas,
              coalesce(array_agg(pa.id ORDER BY pa.slug) FILTER (WHERE epa.depth = 'expert'), '{}') AS expert_area_ids,
              coalesce(jsonb_object_agg(pa.slug, epa.depth) FILTER (WHERE pa.id IS NOT NULL), '{}') AS area_depths,
              e.languages, to_json(e.unavailable_dates) AS unavailable_dates,
              e.max_meetups_per_month, e.max_trips_per_month
         FROM engineers e
         LEFT JOIN cities c ON c.id = e.home_city_id
         LEFT JOIN engineer_product_areas epa ON epa.engineer_id = e.id
         LEFT JOIN product_areas pa ON pa.id = epa.product_area_id
        WHERE $1::int IS NULL OR e.id = $1
        GROUP BY e.id, c.name
        ORDER BY e.active DESC, e.name`,
      [id ?? null],
    );
    return rows.map((r) => ({
      id: r.id as number,
      engineerCode: r.engineer_code as string,
      name: r.name as string,
      homeCityId: r.home_city_id as number | null,
      homeCity: r.home_city as string | null,
      availability: r.availability as string,
      active: r.active as boolean,
      productAreaIds: r.product_area_ids as number[],
      productAreas: r.product_areas as string[],
      expertAreaIds: r.expert_area_ids as number[],
      areaDepths: r.area_depths as Record<string, 'expert' | 'knows'>,
      languages: r.languages as string[],
      unavailableDates: [...(r.unavailable_dates as string[])].sort(),
      maxMeetupsPerMonth: r.max_meetups_per_month as number | null,
      maxTripsPerMonth: r.max_trips_per_month as number | null,
    }));
  }

  async insert(manager: EntityManager, fields: EngineerFields): Promise<number> {
    const saved = await manager.getRepository(Engineer).save(manager.getRepository(Engineer).create(fields));
    return saved.id;
  }

  async update(manager: EntityManager, id: number, fields: EngineerFields): Promise<boolean> {
    const result = await manager.getRepository(Engineer).update({ id }, fields);
    return (result.affected ?? 0) > 0;
  }

  /** Their areas, each 'expert' when in expertAreaIds, else 'knows'. */
  async setProductAreas(
    manager: EntityManager,
    engineerId: number,
    productAreaIds: number[],
    expertAreaIds: number[] = [],
  ): Promise<void> {
    await manager.query('DELETE FROM engineer_product_areas WHERE engineer_id = $1', [engineerId]);
    await manager.query(
      `INSERT INTO engineer_product_areas (engineer_id, product_area_id, depth)
       SELECT $1, a, CASE WHEN a = ANY($3::int[]) THEN 'expert' ELSE 'knows' END
         FROM unnest($2::int[]) AS a ON CONFLICT DO NOTHING`,
      [engineerId, [...new Set([...productAreaIds, ...expertAreaIds])], expertAreaIds],
    );
  }

  /** The engineer edits only this: the dates they cannot go, and a note. */
  async setAvailability(engineerId: number, unavailableDates: string[], availability: string): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(Engineer)
      .update({ id: engineerId }, { unavailableDates, availability });
    return (result.affected ?? 0) > 0;
  }

  count(): Promise<number> {
    return this.dataSource.getRepository(Engineer).count({ where: { active: true } });
  }
}
