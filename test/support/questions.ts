import type { TestApp } from './test-app';
import assert from 'node:assert/strict';

/** The product areas questions are filed under (demo data has more); returns their ids by slug. */
export async function productAreas(t: TestApp): Promise<Record<string, number>> {
  await t.db.query(
    `INSERT INTO product_areas (slug, name_en, name_zh)
     VALUES ('os', 'OS', '系统'), ('camera', 'Camera', '相机'), ('battery', 'Battery', '电池'), ('router', 'Router', '路由器')
     ON CONFLICT (slug) DO NOTHING`,
  );
  const rows: { slug: string; id: number }[] = await t.db.query(`SELECT slug, id FROM product_areas`);
  return Object.fromEntries(rows.map((r) => [r.slug, r.id]));
}

/**
 * Accepts invitations straight in the database, keeping the seat counter
 * consistent: for tests that need many attendees and are not about answers
 * (the answer path renders a QR code and a calendar per member).
 */
export async function acceptedInDatabase(t: TestApp, meetupId: number, memberIds: string[]): Promise<void> {
  await t.db.transaction(async (manager) => {
    const [, accepted] = await manager.query(
      `UPDATE invitations SET state = 'accepted', answered_at = now()
        WHERE meetup_id = $1 AND member_id = ANY ($2::bigint[]) AND state = 'pending'`,
      [meetupId, memberIds],
    );
    // A member without a pending invitation would silently stay out; the test meant them in.
    assert.equal(accepted, memberIds.length, 'acceptedInDatabase takes members with a pending invitation only');
    await manager.query(`UPDATE meetups SET seats_taken = seats_taken + $2 WHERE id = $1`, [meetupId, accepted]);
  });
}
