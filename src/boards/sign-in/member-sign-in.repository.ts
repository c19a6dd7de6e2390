import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

@Injectable()
export class MemberSignInRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, memberId: string, hash: string, minutes: number): Promise<void> {
    await manager.query(
      `INSERT INTO member_sign_in_links (member_id, token_hash, expires_at)
       VALUES ($1, $2, now() + make_interval(mins => $3))`,
      [memberId, hash, minutes],
    );
  }

  /** Links asked for this member lately (member_sign_in_links_member_id_created_at_idx). */
  async recent(manager: EntityManager, memberId: string, minutes: number): Promise<number> {
    const [row]: { n: number }[] = await manager.query(
      `SELECT count(*)::int AS n FROM member_sign_in_links
        WHERE member_id = $1 AND created_at > now() - make_interval(mins => $2)`,
      [memberId, minutes],
    );
    return row.n;
  }

  /** The member of a link that still works, without using it (the GET). */
  async peek(hash: string): Promise<string | null> {
    const rows: { memberId: string }[] = await this.dataSource.query(
      `SELECT member_id::text AS "memberId" FROM member_sign_in_links
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()`,
      [hash],
    );
    return rows[0]?.memberId ?? null;
  }

  /** Uses the link: one conditional UPDATE, so of two simultaneous POSTs only one signs in. */
  async consume(hash: string): Promise<string | null> {
    const rows: { memberId: string }[] = await this.dataSource.query(
      `WITH used AS (
         UPDATE member_sign_in_links SET used_at = now()
          WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
         RETURNING member_id
       )
       SELECT member_id::text AS "memberId" FROM used`,
      [hash],
    );
    return rows[0]?.memberId ?? null;
  }
}
