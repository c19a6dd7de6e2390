import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Locale } from '../common/locale';

/** A product area as a form lists it, named in the reader's language. */
export interface ProductAreaOption {
  id: number;
  slug: string;
  /** In the reader's language. */
  name: string;
}

/** A product area with both its names (the engineers' form shows them side by side). */
export interface ProductAreaNames {
  id: number;
  slug: string;
  nameEn: string;
  nameZh: string;
}

/** The catalogue of product areas (product_areas is small: every query here is a scan). */
@Injectable()
export class ProductAreasRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every area with both names, by slug. */
  all(): Promise<ProductAreaNames[]> {
    return this.dataSource.query(
      'SELECT id, slug, name_en AS "nameEn", name_zh AS "nameZh" FROM product_areas ORDER BY slug',
    );
  }

  /** Every area, named in the reader's language and ordered by that name. */
  named(locale: Locale, manager: EntityManager = this.dataSource.manager): Promise<ProductAreaOption[]> {
    const name = `CASE WHEN $1 = 'zh-CN' THEN pa.name_zh ELSE pa.name_en END`;
    return manager.query(`SELECT pa.id, pa.slug, ${name} AS name FROM product_areas pa ORDER BY ${name}, pa.slug`, [
      locale,
    ]);
  }

  /** Primary key of product_areas. */
  async exists(manager: EntityManager, id: number): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM product_areas WHERE id = $1`, [id]);
    return rows.length > 0;
  }
}
