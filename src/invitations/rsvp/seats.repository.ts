import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { INVITATION_COLUMNS, InvitationRow } from '../core/invitations.repository';

/** The arguments of one rsvp_seek_seat call, in its order. */
export interface SeekSeatCall {
  invitationId: string;
  meetupId: number;
  snapshot: string;
  answeredAt: Date;
  suspect: boolean;
  events: { kind: string; detail: Record<string, unknown> }[];
  /** The confirmation's outbox row if a seat is taken; its idempotency key ends in the answer's event id. */
  seatedMail: object;
  /** … and if the member joins the waitlist; data.position is filled in. */
  waitlistedMail: object;
  queue: string;
  lockTimeout: string;
}

export interface SeekSeatResult {
  outcome: 'applied' | 'stale';
  seated: boolean | null;
  waitlistSeq: number | null;
  position: number | null;
  calendarSequence: number | null;
  eventId: string | null;
  outboxId: string | null;
}

/** The one statement of an accept (the bench's pgbench script calls the same function). */
export const SEEK_SEAT_SQL = `SELECT outcome, seated, waitlist_seq AS "waitlistSeq", "position", calendar_sequence AS "calendarSequence",
        event_id::text AS "eventId", outbox_id AS "outboxId"
   FROM rsvp_seek_seat($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;

/**
 * The SQL of a meetup's seats and waitlist: take, give back, offer, and the offers that ran out. Every
 * statement here runs under the meetup's row lock (meetups/meetup-lock.ts), so seats_taken and the line
 * change one answer at a time; the CHECK meetups_seats_taken_check refuses anything past capacity_max.
 */
@Injectable()
export class SeatsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Offers whose time ran out (invitations_offer_expires_at_idx). */
  dueOffers(now: Date, limit: number): Promise<{ id: string; meetupId: number }[]> {
    return this.dataSource.query(
      `SELECT id::text AS id, meetup_id AS "meetupId" FROM invitations
        WHERE offer_expires_at <= $1 ORDER BY offer_expires_at LIMIT $2`,
      [now, limit],
    );
  }

  /**
   * An accept that wants a seat, in one statement under the meetup's lock: takes a seat if one is
   * free and nobody waits for it, or hands out the next waitlist place; writes the answer on the
   * invitation; and tells the place in line. One round trip instead of four, because every round
   * trip here is spent holding the meetup's lock while every other answer to it waits. The CHECK
   * meetups_seats_taken_check refuses anything past capacity_max even if this guard were wrong.
   * The waitlist reads use invitations_meetup_id_waitlist_seq_key.
   */
  async seekSeat(
    manager: EntityManager,
    meetupId: number,
    invitationId: string,
    answeredAt: Date,
    suspect: boolean,
  ): Promise<{ seated: boolean; waitlistSeq: number | null; position: number | null }> {
    const [row]: { seated: boolean; waitlistSeq: number | null; position: number | null }[] = await manager.query(
      `WITH decision AS (
         SELECT seats_taken < capacity_max
                AND NOT EXISTS (SELECT 1 FROM invitations
                                 WHERE meetup_id = $1 AND waitlist_seq IS NOT NULL AND offer_expires_at IS NULL) AS seated
           FROM meetups WHERE id = $1
       ), meetup AS (
         UPDATE meetups m
            SET seats_taken = m.seats_taken + CASE WHEN d.seated THEN 1 ELSE 0 END,
                waitlist_seq = m.waitlist_seq + CASE WHEN d.seated THEN 0 ELSE 1 END
           FROM decision d
          WHERE m.id = $1
         RETURNING d.seated, CASE WHEN d.seated THEN NULL ELSE m.waitlist_seq END AS waitlist_seq
       ), answered AS (
         -- The same patch the other answers write through update(): accepted clears a seat given up earlier.
         UPDATE invitations i
            SET state = CASE WHEN s.seated THEN 'accepted' ELSE 'waitlisted' END,
                answered_at = $3,
                gave_up_seat_at = CASE WHEN s.seated THEN NULL ELSE i.gave_up_seat_at END,
                waitlist_seq = CASE WHEN s.seated THEN i.waitlist_seq ELSE s.waitlist_seq END,
                suspect = i.suspect OR $4,
                updated_at = now()
           FROM meetup s
          WHERE i.id = $2
         RETURNING i.id
       )
       -- The new place is the last: 1 + everyone already waiting without an offer (this member was not).
       SELECT s.seated, s.waitlist_seq AS "waitlistSeq",
              CASE WHEN s.seated THEN NULL
                   ELSE 1 + (SELECT count(*)::int FROM invitations
                              WHERE meetup_id = $1 AND waitlist_seq IS NOT NULL AND offer_expires_at IS NULL AND id <> $2)
              END AS position
         FROM meetup s, answered`,
      [meetupId, invitationId, answeredAt, suspect],
    );
    return row;
  }

  /**
   * The whole accept in one statement (the rsvp_seek_seat function, migration RsvpSeekSeatFunction): locks
   * the meetup and the invitation, checks they are still as `snapshot` saw them, takes a seat or the next
   * waitlist place, writes the answer, its events, and the confirmation (one of the two rendered mails) with
   * its delivery job. 'stale' when the rows changed since the snapshot: nothing was written. Run outside a
   * transaction: the statement is its own, and the lock is held for that one round trip only.
   * A lock wait past `lockTimeout` fails with lock_not_available (55P03).
   */
  async seekSeatAtOnce(call: SeekSeatCall): Promise<SeekSeatResult> {
    const [row]: SeekSeatResult[] = await this.dataSource.query(SEEK_SEAT_SQL, [
      call.invitationId,
      call.meetupId,
      call.snapshot,
      call.answeredAt,
      call.suspect,
      JSON.stringify(call.events),
      JSON.stringify(call.seatedMail),
      JSON.stringify(call.waitlistedMail),
      call.queue,
      call.lockTimeout,
    ]);
    return row;
  }

  async releaseSeat(manager: EntityManager, meetupId: number): Promise<void> {
    await manager.query(`UPDATE meetups SET seats_taken = seats_taken - 1 WHERE id = $1`, [meetupId]);
  }

  /** Seats held by new offers; meetups_seats_taken_check refuses going past capacity_max. */
  async takeSeats(manager: EntityManager, meetupId: number, seats: number): Promise<void> {
    await manager.query(`UPDATE meetups SET seats_taken = seats_taken + $2 WHERE id = $1`, [meetupId, seats]);
  }

  /** The first waitlisted member without an offer, locked (invitations_meetup_id_waitlist_seq_key). */
  async firstWaiting(manager: EntityManager, meetupId: number): Promise<InvitationRow | null> {
    const rows: InvitationRow[] = await manager.query(
      `SELECT ${INVITATION_COLUMNS} FROM invitations i JOIN members m ON m.id = i.member_id
        WHERE i.id = (SELECT id FROM invitations WHERE meetup_id = $1 AND waitlist_seq IS NOT NULL AND offer_expires_at IS NULL
                       ORDER BY waitlist_seq LIMIT 1)
          FOR UPDATE OF i`,
      [meetupId],
    );
    return rows[0] ?? null;
  }

  /**
   * A member's place in the whole line, members holding an offer included: with
   * four seats offered at once, the fourth offer goes to number 4, not "first".
   */
  async placeInLine(manager: EntityManager, meetupId: number, waitlistSeq: number): Promise<number> {
    const [row]: { n: number }[] = await manager.query(
      `SELECT count(*)::int AS n FROM invitations WHERE meetup_id = $1 AND waitlist_seq IS NOT NULL AND waitlist_seq <= $2`,
      [meetupId, waitlistSeq],
    );
    return row.n;
  }

  /** A cancelled meetup holds no seats. */
  async releaseAllSeats(manager: EntityManager, meetupId: number): Promise<void> {
    await manager.query(`UPDATE meetups SET seats_taken = 0 WHERE id = $1`, [meetupId]);
  }
}
