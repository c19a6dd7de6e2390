import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Locale } from '../common/locale';

/** A checked-in attendee who may be asked, with what the email needs. */
export interface Attendee {
  invitationId: string;
  memberId: string;
  name: string;
  email: string;
  locale: Locale;
}

/** The meetup as a feedback email tells it. */
export interface MeetupSummary {
  id: number;
  title: string;
  city: string;
  timeZone: string;
  startsAt: Date;
}

/** A request whose reminder is being sent, with its member and meetup. */
export interface ReminderRow extends Attendee {
  requestId: string;
  tokenNonce: Buffer;
  sentAt: Date;
  meetupId: number;
}

/**
 * The SQL of the feedback step of the minute tick: which meetups have attendees still to ask or to
 * remind, the requests themselves, and the reminders. Writes run under the meetup's lock and are
 * conditional besides, so two instances running the step at once make one request and one reminder
 * per attendee.
 */
@Injectable()
export class FeedbackRequestsRepository {
  constructor(readonly dataSource: DataSource) {}

  /**
   * Meetups that ended in (endedAfter, endedBy] with a checked-in, subscribed attendee not asked yet
   * (meetups_ends_at_idx; invitations_meetup_id_state_idx; feedback_requests_invitation_id_key).
   * Attendees checked in late are asked at the next tick.
   */
  async dueMeetups(endedAfter: Date, endedBy: Date): Promise<number[]> {
    const rows: { id: number }[] = await this.dataSource.query(
      `SELECT m.id FROM meetups m
        WHERE m.status IN ('inviting', 'closed', 'held') AND m.ends_at > $1 AND m.ends_at <= $2
          AND EXISTS (
            SELECT 1 FROM invitations i JOIN members mb ON mb.id = i.member_id
             WHERE i.meetup_id = m.id AND i.state = 'accepted' AND i.checked_in_at IS NOT NULL
               AND mb.unsubscribed_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM feedback_requests f WHERE f.invitation_id = i.id))
        ORDER BY m.ends_at, m.id`,
      [endedAfter, endedBy],
    );
    return rows.map((r) => r.id);
  }

  /** The meetup's checked-in, subscribed attendees without a request (invitations_meetup_id_state_idx). */
  unasked(manager: EntityManager, meetupId: number): Promise<Attendee[]> {
    return manager.query(
      `SELECT i.id::text AS "invitationId", i.member_id::text AS "memberId", mb.name, mb.email, mb.locale
         FROM invitations i JOIN members mb ON mb.id = i.member_id
        WHERE i.meetup_id = $1 AND i.state = 'accepted' AND i.checked_in_at IS NOT NULL
          AND mb.unsubscribed_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM feedback_requests f WHERE f.invitation_id = i.id)
        ORDER BY i.id`,
      [meetupId],
    );
  }

  /**
   * One request per invitation; an invitation another instance asked meanwhile is left out.
   * Returns invitation id → request id for the rows made here.
   */
  async insertRequests(
    manager: EntityManager,
    meetupId: number,
    rows: { invitationId: string; tokenHash: Buffer; tokenNonce: Buffer }[],
    sentAt: Date,
  ): Promise<Map<string, string>> {
    const made: { invitationId: string; id: string }[] = await manager.query(
      `INSERT INTO feedback_requests (meetup_id, invitation_id, token_hash, token_nonce, sent_at)
       SELECT $1, r.invitation_id, r.token_hash, r.token_nonce, $5
         FROM unnest($2::bigint[], $3::bytea[], $4::bytea[]) AS r (invitation_id, token_hash, token_nonce)
       ON CONFLICT (invitation_id) DO NOTHING
       RETURNING invitation_id::text AS "invitationId", id::text AS id`,
      [meetupId, rows.map((r) => r.invitationId), rows.map((r) => r.tokenHash), rows.map((r) => r.tokenNonce), sentAt],
    );
    return new Map(made.map((r) => [r.invitationId, r.id]));
  }

  /**
   * Meetups with a request sent in (sentAfter, sentBy] that nobody answered nor reminded
   * (feedback_requests_unanswered_idx); whether its member is still subscribed is checked under the lock.
   */
  async remindersDue(sentAfter: Date, sentBy: Date): Promise<number[]> {
    const rows: { id: number }[] = await this.dataSource.query(
      `SELECT DISTINCT f.meetup_id AS id FROM feedback_requests f
        WHERE f.answered_at IS NULL AND f.reminded_at IS NULL AND f.sent_at > $1 AND f.sent_at <= $2
        ORDER BY 1`,
      [sentAfter, sentBy],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Marks the meetup's requests reminded that were sent in (sentAfter, sentBy], never answered nor
   * reminded, to members still subscribed, and returns them (feedback_requests_meetup_id_idx). The caller
   * holds the meetup's lock, so two instances never remind the same request.
   */
  markReminded(
    manager: EntityManager,
    meetupId: number,
    sentAfter: Date,
    sentBy: Date,
    now: Date,
  ): Promise<ReminderRow[]> {
    return manager.query(
      `WITH reminded AS (
         UPDATE feedback_requests f SET reminded_at = $4
          WHERE f.meetup_id = $1 AND f.answered_at IS NULL AND f.reminded_at IS NULL AND f.sent_at > $2 AND f.sent_at <= $3
            AND EXISTS (SELECT 1 FROM invitations i JOIN members mb ON mb.id = i.member_id
                         WHERE i.id = f.invitation_id AND mb.unsubscribed_at IS NULL)
         RETURNING f.id, f.invitation_id, f.meetup_id, f.token_nonce, f.sent_at
       )
       SELECT r.id::text AS "requestId", r.invitation_id::text AS "invitationId", r.meetup_id AS "meetupId",
              r.token_nonce AS "tokenNonce", r.sent_at AS "sentAt",
              i.member_id::text AS "memberId", mb.name, mb.email, mb.locale
         FROM reminded r JOIN invitations i ON i.id = r.invitation_id JOIN members mb ON mb.id = i.member_id
        ORDER BY r.id`,
      [meetupId, sentAfter, sentBy, now],
    );
  }
}
