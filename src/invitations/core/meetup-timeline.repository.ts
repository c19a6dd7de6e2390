import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Invitee } from './invitation-mail';
import type { InvitationState } from './invitation.entity';

/** An invitation with what an email to its member needs. */
export interface InviteeRow extends Invitee {
  state: InvitationState;
  waitlistSeq: number | null;
  offerExpiresAt: Date | null;
}

/** An invitation a cancellation ended, and the state it was in. */
export interface CancelledRow extends Invitee {
  was: 'pending' | 'accepted' | 'waitlisted';
}

const INVITEE_COLUMNS = `i.id::text AS id, i.member_id::text AS "memberId", i.token_nonce AS "tokenNonce", i.state,
  i.calendar_sequence AS "calendarSequence",
  i.waitlist_seq AS "waitlistSeq", i.offer_expires_at AS "offerExpiresAt",
  m.name AS "memberName", m.email AS "memberEmail", m.locale AS "memberLocale"`;

/**
 * The SQL of what happens to a meetup's invitations as time passes (deadline,
 * reminder, attendance) and when staff cancel or change it. Callers hold the
 * meetup's row lock (meetups/meetup-lock.ts) before any write here.
 */
@Injectable()
export class MeetupTimelineRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Meetups whose RSVP deadline has passed and that are still inviting or
   * still have pending invitations (meetups_awaiting_attendance_idx, then
   * invitations_meetup_id_state_idx for the pending check).
   */
  async pastDeadline(now: Date): Promise<number[]> {
    const rows: { id: number }[] = await this.dataSource.query(
      `SELECT m.id FROM meetups m
        WHERE m.attendance_recorded_at IS NULL AND m.status IN ('inviting', 'closed', 'held')
          AND coalesce(m.rsvp_deadline, m.starts_at) <= $1
          AND (m.status = 'inviting'
               OR EXISTS (SELECT 1 FROM invitations i WHERE i.meetup_id = m.id AND i.state = 'pending'))
        ORDER BY m.starts_at, m.id`,
      [now],
    );
    return rows.map((r) => r.id);
  }

  /** Meetups starting in (now, horizon] whose reminders have not gone out (meetups_awaiting_attendance_idx). */
  async toRemind(now: Date, horizon: Date): Promise<number[]> {
    const rows: { id: number }[] = await this.dataSource.query(
      `SELECT id FROM meetups
        WHERE attendance_recorded_at IS NULL AND status IN ('inviting', 'closed')
          AND reminded_at IS NULL AND starts_at > $1 AND starts_at <= $2
        ORDER BY starts_at, id`,
      [now, horizon],
    );
    return rows.map((r) => r.id);
  }

  /** Meetups held by staff's word or ended before `endedBefore`, attendance not recorded (meetups_awaiting_attendance_idx). */
  async toRecord(endedBefore: Date): Promise<number[]> {
    const rows: { id: number }[] = await this.dataSource.query(
      `SELECT id FROM meetups
        WHERE attendance_recorded_at IS NULL AND status IN ('inviting', 'closed', 'held')
          AND (status = 'held' OR ends_at <= $1)
        ORDER BY starts_at, id`,
      [endedBefore],
    );
    return rows.map((r) => r.id);
  }

  /** Pending invitations expire, each with an event; returns how many (invitations_meetup_id_state_idx). */
  async expirePending(manager: EntityManager, meetupId: number, deadline: Date): Promise<number> {
    const [row]: { n: number }[] = await manager.query(
      `WITH expired AS (
         UPDATE invitations SET state = 'expired', updated_at = now()
          WHERE meetup_id = $1 AND state = 'pending'
         RETURNING id
       ), logged AS (
         INSERT INTO invitation_events (invitation_id, kind, detail)
         SELECT id, 'expired', jsonb_build_object('deadline', $2::timestamptz) FROM expired
       )
       SELECT count(*)::int AS n FROM expired`,
      [meetupId, deadline],
    );
    return row.n;
  }

  /** The meetup's invitations in the given states, with their members (invitations_meetup_id_state_idx). */
  invitees(manager: EntityManager, meetupId: number, states: InvitationState[]): Promise<InviteeRow[]> {
    return manager.query(
      `SELECT ${INVITEE_COLUMNS} FROM invitations i JOIN members m ON m.id = i.member_id
        WHERE i.meetup_id = $1 AND i.state = ANY ($2::text[])
        ORDER BY i.id`,
      [meetupId, states],
    );
  }

  async markReminded(manager: EntityManager, meetupId: number, now: Date): Promise<void> {
    await manager.query(`UPDATE meetups SET reminded_at = $2 WHERE id = $1`, [meetupId, now]);
  }

  /**
   * After the meetup: accepted members who did not check in become no-shows,
   * and each member's attended or no-show counter (read by the invitee score)
   * grows by one. The meetup is marked recorded in the same transaction (the
   * caller moves it to held), so this happens once.
   */
  async recordAttendance(
    manager: EntityManager,
    meetupId: number,
    now: Date,
  ): Promise<{ noShows: number; attended: number }> {
    const [row]: { noShows: number; attended: number }[] = await manager.query(
      `WITH absent AS (
         UPDATE invitations SET no_show = true, updated_at = now()
          WHERE meetup_id = $1 AND state = 'accepted' AND checked_in_at IS NULL AND NOT no_show
         RETURNING id, member_id
       ), absent_members AS (
         UPDATE members m SET no_show_count = m.no_show_count + 1 FROM absent a WHERE m.id = a.member_id
         RETURNING m.id
       ), logged AS (
         INSERT INTO invitation_events (invitation_id, kind) SELECT id, 'no-show' FROM absent
       ), attended AS (
         UPDATE members m SET attended_count = m.attended_count + 1
           FROM invitations i
          WHERE i.meetup_id = $1 AND i.state = 'accepted' AND i.checked_in_at IS NOT NULL AND m.id = i.member_id
         RETURNING m.id
       )
       SELECT (SELECT count(*) FROM absent_members)::int AS "noShows", (SELECT count(*) FROM attended)::int AS attended`,
      [meetupId],
    );
    await manager.query(`UPDATE meetups SET attendance_recorded_at = $2, updated_at = now() WHERE id = $1`, [
      meetupId,
      now,
    ]);
    return row;
  }

  /**
   * A cancelled meetup's live invitations (pending, accepted, waitlisted —
   * open offers included) become cancelled, each with an event; returns them
   * with the state they were in.
   */
  cancelInvitations(manager: EntityManager, meetupId: number): Promise<CancelledRow[]> {
    return manager.query(
      `WITH target AS (
         SELECT id, state FROM invitations WHERE meetup_id = $1 AND state IN ('pending', 'accepted', 'waitlisted')
       ), cancelled AS (
         UPDATE invitations i
            SET state = 'cancelled', waitlist_seq = NULL, offer_expires_at = NULL,
                checked_in_at = NULL, checked_in_by = NULL, no_show = false, updated_at = now()
           FROM target t
          WHERE i.id = t.id
         RETURNING i.id, i.member_id, i.token_nonce, i.calendar_sequence, t.state AS was
       ), logged AS (
         INSERT INTO invitation_events (invitation_id, kind, detail)
         SELECT id, 'meetup-cancelled', jsonb_build_object('was', was) FROM cancelled
       )
       SELECT c.id::text AS id, c.member_id::text AS "memberId", c.token_nonce AS "tokenNonce", c.was,
              c.calendar_sequence AS "calendarSequence",
              m.name AS "memberName", m.email AS "memberEmail", m.locale AS "memberLocale"
         FROM cancelled c JOIN members m ON m.id = c.member_id
        ORDER BY c.id`,
      [meetupId],
    );
  }

  /** The next .ics SEQUENCE: calendars replace an entry only for a higher one. */
  async bumpCalendarSequence(manager: EntityManager, meetupId: number): Promise<number> {
    const [row]: { seq: number }[] = await manager.query(
      `WITH bumped AS (
         UPDATE meetups SET calendar_sequence = calendar_sequence + 1 WHERE id = $1 RETURNING calendar_sequence
       )
       SELECT calendar_sequence AS seq FROM bumped`,
      [meetupId],
    );
    return row.seq;
  }
}
