import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface MergeCity {
  id: number;
  name: string;
  nameZh: string | null;
  code: string | null;
}

/**
 * The SQL of merging a duplicate city into the real one. Every table that
 * points at cities (read from the catalog, so a later table is moved too) is
 * repointed; city_stats follows its members through the statement triggers.
 */
@Injectable()
export class CityMergeRepository {
  /** Both cities, locked for the merge in id order (the primary key), or fewer when one is missing. */
  async lock(m: EntityManager, ids: number[]): Promise<MergeCity[]> {
    const rows: { id: number; name: string; name_zh: string | null; code: string | null }[] = await m.query(
      'SELECT id, name, name_zh, code FROM cities WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE',
      [ids],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, nameZh: r.name_zh, code: r.code }));
  }

  /** Repoints every reference to `from` at `to`; returns the rows moved per table. */
  async repoint(m: EntityManager, from: number, to: number): Promise<Record<string, number>> {
    const references: { tbl: string; col: string }[] = await m.query(`
      SELECT c.conrelid::regclass::text AS tbl, a.attname AS col
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       WHERE c.contype = 'f' AND c.confrelid = 'cities'::regclass AND cardinality(c.conkey) = 1
         AND c.conrelid::regclass::text NOT IN ('city_stats', 'city_aliases')
       ORDER BY 1, 2`);
    const moved: Record<string, number> = {};
    for (const { tbl, col } of references) {
      // Identifiers from the catalog, quoted; one statement per table, so members' statement triggers run once.
      const [, count] = (await m.query(`UPDATE ${quote(tbl)} SET ${quote(col)} = $2 WHERE ${quote(col)} = $1`, [
        from,
        to,
      ])) as [unknown, number];
      moved[tbl] = count;
    }
    return moved;
  }

  /** The duplicate's aliases become the real city's (its own names as plain aliases). */
  async moveAliases(m: EntityManager, from: number, to: number): Promise<void> {
    await m.query(
      `UPDATE city_aliases SET city_id = $2, kind = CASE kind WHEN 'name' THEN 'alias' ELSE kind END WHERE city_id = $1`,
      [from, to],
    );
  }

  async delete(m: EntityManager, id: number): Promise<void> {
    await m.query('DELETE FROM cities WHERE id = $1', [id]);
  }
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
