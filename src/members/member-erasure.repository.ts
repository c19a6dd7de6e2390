import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export const ERASED_NAME = 'Erased member';
export const erasedEmail = (id: string) => `erased-${id}@erased.invalid`;

/**
 * Every place a member's personal data lives, and how it is made anonymous. One list, in one file,
 * so that a new table holding member data shows up in review here. Rows stay (counts, invitation
 * history and question votes keep adding up); what identifies the person goes.
 */
@Injectable()
export class MemberErasureRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The member's identity, locked for the erasure; null when there is none. */
  async lockMember(manager: EntityManager, id: string): Promise<{ email: string; name: string } | null> {
    const [row] = await manager.query(`SELECT email, name FROM members WHERE id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  async erase(manager: EntityManager, id: string, email: string): Promise<void> {
    const erased = erasedEmail(id);
    // The member: a new external id, so a later import of the forum's id adds them afresh instead of matching;
    // unsubscribed, so nothing more is ever sent.
    await manager.query(
      `UPDATE members
          SET external_id = 'erased-' || id, email = $2, name = $3, honorary = false, forum_posts = 0,
              unsubscribed_at = coalesce(unsubscribed_at, now()), updated_at = now()
        WHERE id = $1`,
      [id, erased, ERASED_NAME],
    );
    // Invitations keep their state for the meetup's history; their RSVP links stop working (a new random hash).
    await manager.query(
      `UPDATE invitations SET token_hash = sha256(convert_to(gen_random_uuid()::text, 'UTF8')), updated_at = now()
        WHERE member_id = $1`,
      [id],
    );
    // Events keep their kind and time; their details (answers, reasons, names) go.
    await manager.query(
      `UPDATE invitation_events SET detail = '{"erased": true}'
        WHERE invitation_id IN (SELECT id FROM invitations WHERE member_id = $1)`,
      [id],
    );
    // Questions keep their votes; their words go.
    await manager.query(
      `UPDATE questions SET body = '[removed at the member''s request]', updated_at = now()
        WHERE invitation_id IN (SELECT id FROM invitations WHERE member_id = $1)`,
      [id],
    );
    // The outbox: messages to them lose recipient and content; those not sent yet never will be.
    await manager.query(
      `UPDATE outbox_messages
          SET recipient = $2, data = '{}', attachments = '[]',
              state = CASE WHEN state = 'sent' THEN state ELSE 'dead' END,
              last_error = CASE WHEN state = 'sent' THEN last_error ELSE 'the member was erased' END,
              lease_until = NULL
        WHERE member_id = $1 OR lower(recipient) = lower($3)`,
      [id, erased, email],
    );
    // The Mailbox (the embedded sink's copies) keeps nothing of theirs.
    await manager.query(
      `DELETE FROM mailbox_messages WHERE EXISTS (SELECT 1 FROM unnest(envelope_to) AS t WHERE lower(t) = lower($1))`,
      [email],
    );
  }
}
