import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Similar items read their trigram index from a table of their own. On board_items every vote rewrites
 * the row (vote_count is in the board's indexes, so the update is never HOT) and each rewrite added the
 * title's ~40 trigrams to the GIN index again: on the bench, after the votes were counted and vacuumed,
 * a lookup took 5× longer than on a fresh index. Here a row changes only when its title does; a trigger
 * copies the key, so every way of writing an item (the app, imports, the bench) keeps it.
 */
export class SimilarItemKeys1796315598162 implements MigrationInterface {
  name = 'SimilarItemKeys1796315598162';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE board_item_search_keys (
        item_id    bigint CONSTRAINT board_item_search_keys_pkey PRIMARY KEY
                     CONSTRAINT board_item_search_keys_item_id_fkey REFERENCES board_items (id) ON DELETE CASCADE,
        search_key text NOT NULL
      )`);
    await db.query(`INSERT INTO board_item_search_keys (item_id, search_key) SELECT id, search_key FROM board_items`);
    await db.query(`
      CREATE FUNCTION board_item_search_keys_copy() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO board_item_search_keys (item_id, search_key) VALUES (NEW.id, NEW.search_key)
          ON CONFLICT (item_id) DO UPDATE SET search_key = EXCLUDED.search_key;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER board_items_search_key_insert AFTER INSERT ON board_items
        FOR EACH ROW EXECUTE FUNCTION board_item_search_keys_copy()`);
    await db.query(`
      CREATE TRIGGER board_items_search_key_update AFTER UPDATE OF search_key ON board_items
        FOR EACH ROW WHEN (OLD.search_key IS DISTINCT FROM NEW.search_key) EXECUTE FUNCTION board_item_search_keys_copy()`);
    await db.query(
      `CREATE INDEX board_item_search_keys_trgm_idx ON board_item_search_keys USING gin (search_key gin_trgm_ops)`,
    );
    await db.query(`DROP INDEX board_items_search_key_trgm_idx`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX board_items_search_key_trgm_idx ON board_items USING gin (search_key gin_trgm_ops)`);
    await db.query(`DROP TRIGGER board_items_search_key_update ON board_items`);
    await db.query(`DROP TRIGGER board_items_search_key_insert ON board_items`);
    await db.query(`DROP FUNCTION board_item_search_keys_copy()`);
    await db.query(`DROP TABLE board_item_search_keys`);
  }
}
