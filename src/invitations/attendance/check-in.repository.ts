import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { InvitationState } from '../core/invitation.entity';

/** An invitation as the door sees it. */
export interface AttendeeRow {
  invitationId: string;
  meetupId: number;
  memberId: string;
  name: string;
  email: string;
  state: InvitationState;
  waitlistSeq: number | null;
  offerExpiresAt: Date | null;
  checkedInAt: Date | null;
  /** The name of the account that checked them in. */
  checkedInBy: string | null;
}

export interface ArrivalCounts {
  arrived: number;
  accepted: number;
  capacity: number;
}

/** A meetup whose door is open or opens soon, for the stewards' start page. */
export interface DoorMeetupRow {
  id: number;
  title: string;
  city: string;
  /** The city's Chinese name, for zh-CN readers. */
  cityZh: string | null;
  timeZone: string;
  venue: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
}

const ATTENDEE_COLUMNS = `i.id::text AS "invitationId", i.meetup_id AS "meetupId", i.member_id::text AS "memberId",
  m.name, m.email, i.state, i.waitlist_seq AS "waitlistSeq", i.offer_expires_at AS "offerExpiresAt",
  i.checked_in_at AS "checkedInAt", a.name AS "checkedInBy"`;
const ATTENDEE_FROM = `invitations i JOIN members m ON m.id = i.member_id LEFT JOIN accounts a ON a.id = i.checked_in_by`;

/** `%fragment%` for ILIKE, with the user's own % and _ taken literally. */
const containing = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The SQL of the door: who is expected, who arrived. Marking arrivals takes
 * the meetup's row lock first (like every change to its invitations) and is a
 * conditional UPDATE, so two stewards scanning one code count one arrival.
 */
@Injectable()
export class CheckInRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Accepted attendees, by name; `q` matches part of the name or email
   * (invitations_meetup_id_state_idx; a meetup has at most capacity_max of them).
   */
  attendees(meetupId: number, q?: string): Promise<AttendeeRow[]> {
    return this.dataSource.query(
      `SELECT ${ATTENDEE_COLUMNS} FROM ${ATTENDEE_FROM}
        WHERE i.meetup_id = $1 AND i.state = 'accepted'
          AND ($2::text IS NULL OR m.name ILIKE $2 OR m.email ILIKE $2)
        ORDER BY m.name, i.id`,
      [meetupId, q ? containing(q) : null],
    );
  }

  /** The waitlist in line order, open offers first as they hold a seat (invitations_meetup_id_state_idx). */
  waitlist(meetupId: number): Promise<AttendeeRow[]> {
    return this.dataSource.query(
      `SELECT ${ATTENDEE_COLUMNS} FROM ${ATTENDEE_FROM}
        WHERE i.meetup_id = $1 AND i.state = 'waitlisted'
        ORDER BY i.offer_expires_at IS NULL, i.waitlist_seq`,
      [meetupId],
    );
  }

  /** One invitation, whatever its state (primary key). */
  async attendee(invitationId: string, manager: EntityManager = this.dataSource.manager): Promise<AttendeeRow | null> {
    const rows: AttendeeRow[] = await manager.query(
      `SELECT ${ATTENDEE_COLUMNS} FROM ${ATTENDEE_FROM} WHERE i.id = $1`,
      [invitationId],
    );
    return rows[0] ?? null;
  }

  /** Arrivals against accepted and capacity (invitations_meetup_id_state_idx); null when there is no such meetup. */
  async counts(meetupId: number, manager: EntityManager = this.dataSource.manager): Promise<ArrivalCounts | null> {
    const rows: ArrivalCounts[] = await manager.query(
      `SELECT m.capacity_max AS capacity, a.accepted, a.arrived
         FROM meetups m,
              LATERAL (SELECT count(*)::int AS accepted, count(i.checked_in_at)::int AS arrived
                         FROM invitations i WHERE i.meetup_id = m.id AND i.state = 'accepted') a
        WHERE m.id = $1`,
      [meetupId],
    );
    return rows[0] ?? null;
  }

  /** Marks an accepted, not yet arrived attendee as arrived; false when the row no longer qualifies. */
  async markArrived(
    manager: EntityManager,
    meetupId: number,
    invitationId: string,
    by: number | null,
    now: Date,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH arrived AS (
         UPDATE invitations SET checked_in_at = $3, checked_in_by = $4, updated_at = now()
          WHERE id = $1 AND meetup_id = $2 AND state = 'accepted' AND checked_in_at IS NULL
         RETURNING id
       )
       SELECT id FROM arrived`,
      [invitationId, meetupId, now, by],
    );
    return rows.length > 0;
  }

  /** Takes an arrival back; false when there was none. */
  async undoArrival(manager: EntityManager, meetupId: number, invitationId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH undone AS (
         UPDATE invitations SET checked_in_at = NULL, checked_in_by = NULL, updated_at = now()
          WHERE id = $1 AND meetup_id = $2 AND checked_in_at IS NOT NULL
         RETURNING id
       )
       SELECT id FROM undone`,
      [invitationId, meetupId],
    );
    return rows.length > 0;
  }

  /**
   * Meetups whose door is open at some point in [from, to], with their city
   * (meetups_awaiting_attendance_idx: only meetups with invitations out and
   * attendance not yet recorded).
   */
  atTheDoor(startsBefore: Date, endsAfter: Date): Promise<DoorMeetupRow[]> {
    return this.dataSource.query(
      `SELECT m.id, m.title, c.name AS city, c.name_zh AS "cityZh", c.time_zone AS "timeZone", m.venue,
              m.starts_at AS "startsAt", m.ends_at AS "endsAt", m.status
         FROM meetups m JOIN cities c ON c.id = m.city_id
        WHERE m.attendance_recorded_at IS NULL AND m.status IN ('inviting', 'closed')
          AND m.starts_at <= $1 AND m.ends_at >= $2
        ORDER BY m.starts_at, m.id`,
      [startsBefore, endsAfter],
    );
  }
}
