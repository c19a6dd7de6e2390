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
}

export interface EngineerFields {
  engineerCode: string;
  name: string;
  homeCityId: number | null;
  availability: string;
  active: boolean;
}

@Injectable()
export class EngineersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Engineers with their city and product areas in one query. */
  async list(id?: number): Promise<EngineerView[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT e.id, e.engineer_code, e.name, e.home_city_id, c.name AS home_city, e.availability, e.active,
              coalesce(array_agg(pa.id ORDER BY pa.slug) FILTER (WHERE pa.id IS NOT NULL), '{}') AS product_area_ids,
              coalesce(array_agg(pa.name_en ORDER BY pa.slug) FILTER (WHERE pa.id IS NOT NULL), '{}') AS product_areas
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

  async setProductAreas(manager: EntityManager, engineerId: number, productAreaIds: number[]): Promise<void> {
    await manager.query('DELETE FROM engineer_product_areas WHERE engineer_id = $1', [engineerId]);
    await manager.query(
      `INSERT INTO engineer_product_areas (engineer_id, product_area_id)
       SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING`,
      [engineerId, productAreaIds],
    );
  }

  count(): Promise<number> {
    return this.dataSource.getRepository(Engineer).count({ where: { active: true } });
  }
}
