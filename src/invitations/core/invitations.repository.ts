import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Meetup } from '../../meetups/meetup.entity';
import { MEETUP_WITH_CITY_COLUMNS, meetupFromRow, MeetupWithCityRow } from '../../meetups/meetup-lock';
import { InvitationEvent } from './invitation-event.entity';
import { Invitation, InvitationState } from './invitation.entity';

/** An invitation with what its pages and emails need of the member. */
export interface InvitationRow extends Invitation {
  memberName: string;
  memberEmail: string;
  memberLocale: 'zh-CN' | 'en';
}

export type InvitationPatch = Partial<
  Pick<
    Invitation,
    | 'state'
    | 'answeredAt'
    | 'waitlistSeq'
    | 'offerExpiresAt'
    | 'gaveUpSeatAt'
    | 'suspect'
    | 'checkedInAt'
    | 'checkedInBy'
  >
>;

export const INVITATION_COLUMNS = `i.id::text AS id, i.meetup_id AS "meetupId", i.member_id::text AS "memberId", i.state, i.wave, i.score,
  i.added_by_hand AS "addedByHand", i.token_hash AS "tokenHash", i.token_nonce AS "tokenNonce", i.invited_at AS "invitedAt",
  i.answered_at AS "answeredAt", i.waitlist_seq AS "waitlistSeq", i.offer_expires_at AS "offerExpiresAt",
  i.gave_up_seat_at AS "gaveUpSeatAt", i.suspect, i.checked_in_at AS "checkedInAt", i.checked_in_by AS "checkedInBy",
  i.no_show AS "noShow", i.calendar_sequence AS "calendarSequence", i.updated_at AS "updatedAt",
  m.name AS "memberName", m.email AS "memberEmail", m.locale AS "memberLocale"`;

const PATCH_COLUMNS: Record<keyof InvitationPatch, string> = {
  state: 'state',
  answeredAt: 'answered_at',
  waitlistSeq: 'waitlist_seq',
  offerExpiresAt: 'offer_expires_at',
  gaveUpSeatAt: 'gave_up_seat_at',
  suspect: 'suspect',
  checkedInAt: 'checked_in_at',
  checkedInBy: 'checked_in_by',
};

/**
 * What an answer is decided from, read in one statement without locks: the invitation with its member,
 * the meetup with its city, the member's answer log (answerLog) and the fingerprint of both rows that
 * the one-round-trip accept checks again under the lock (rsvp_answer_snapshot, migration RsvpSeekSeatFunction).
 */
export interface AnswerSnapshot {
  invitation: InvitationRow;
  meetup: Meetup;
  log: { kind: string; at: Date }[];
  fingerprint: string;
}

/**
 * The SQL of invitations. Every change to a meetup's invitations runs under
 * that meetup's row lock (meetups/meetup-lock.ts first, invitations after), so
 * seat counts and waitlist places are decided one change at a time per meetup
 * and two transactions never wait for each other in opposite orders.
 */
/** A meetup's invitations counted by state, with the offers open, the arrivals and everyone invited. */
export type StateCounts = Record<InvitationState, number> & { offers: number; checkedIn: number; invited: number };

@Injectable()
export class InvitationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** For writes outside a transaction (a page view in the log). */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** The meetup with its city, unlocked. */
  meetupWithCity(meetupId: number, manager: EntityManager = this.dataSource.manager): Promise<Meetup | null> {
    return manager.findOne(Meetup, { where: { id: meetupId }, relations: { city: true } });
  }

  /** The invitation a link's token hash names, unlocked, for pages that only read (invitations_token_hash_key). */
  async findByTokenHash(hash: Buffer, manager: EntityManager = this.dataSource.manager): Promise<InvitationRow | null> {
    const rows: InvitationRow[] = await manager.query(
      `SELECT ${INVITATION_COLUMNS} FROM invitations i JOIN members m ON m.id = i.member_id WHERE i.token_hash = $1`,
      [hash],
    );
    return rows[0] ?? null;
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<InvitationRow | null> {
    const rows: InvitationRow[] = await manager.query(
      `SELECT ${INVITATION_COLUMNS} FROM invitations i JOIN members m ON m.id = i.member_id WHERE i.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The invitation and meetup a token hash names, read without locks (invitations_token_hash_key). */
  async idsByTokenHash(hash: Buffer): Promise<{ id: string; meetupId: number } | null> {
    const rows: { id: string; meetupId: number }[] = await this.dataSource.query(
      `SELECT id::text AS id, meetup_id AS "meetupId" FROM invitations WHERE token_hash = $1`,
      [hash],
    );
    return rows[0] ?? null;
  }

  /** The invitation a link's token hash names, and everything an answer is decided from (AnswerSnapshot). */
  async answerSnapshot(hash: Buffer): Promise<AnswerSnapshot | null> {
    // invitations_token_hash_key, then primary keys and invitation_events_invitation_id_at_idx.
    const rows: (InvitationRow & {
      meetup: MeetupWithCityRow;
      log: { kind: string; at: string }[];
      fingerprint: string;
    })[] = await this.dataSource.query(
      `SELECT ${INVITATION_COLUMNS},
                (SELECT row_to_json(x) FROM (SELECT ${MEETUP_WITH_CITY_COLUMNS}
                                               FROM meetups m JOIN cities c ON c.id = m.city_id
                                              WHERE m.id = mt.id) x) AS meetup,
                rsvp_answer_snapshot(mt, i) AS fingerprint,
                (SELECT coalesce(json_agg(l), '[]') FROM (
                   SELECT e.kind, e.at FROM invitation_events e
                    WHERE e.invitation_id = i.id AND e.kind IN ('view', 'head', 'accept', 'decline')
                   UNION ALL
                   SELECT 'delivered', o.sent_at FROM outbox_messages o
                    WHERE o.idempotency_key = 'invitation:' || i.id AND o.sent_at IS NOT NULL) l) AS log
           FROM invitations i JOIN members m ON m.id = i.member_id JOIN meetups mt ON mt.id = i.meetup_id
          WHERE i.token_hash = $1`,
      [hash],
    );
    if (!rows.length) return null;
    const { meetup, log, fingerprint, ...invitation } = rows[0];
    // row_to_json gives timestamps as text: back to Dates, as the driver gives them.
    const dates = [
      'startsAt',
      'endsAt',
      'rsvpDeadline',
      'lowTurnoutAlertedAt',
      'remindedAt',
      'attendanceRecordedAt',
      'createdAt',
      'updatedAt',
    ] as const;
    const m = { ...meetup } as Record<string, unknown>;
    for (const k of dates) if (m[k] != null) m[k] = new Date(m[k] as string);
    return {
      invitation,
      meetup: meetupFromRow(m as unknown as MeetupWithCityRow),
      log: log.map((e) => ({ kind: e.kind, at: new Date(e.at) })),
      fingerprint,
    };
  }

  /** Locks one invitation (of that meetup, when given); call after its meetup is locked (primary key). */
  async lockInvitation(manager: EntityManager, id: string, meetupId?: number): Promise<InvitationRow | null> {
    const rows: InvitationRow[] = await manager.query(
      `SELECT ${INVITATION_COLUMNS} FROM invitations i JOIN members m ON m.id = i.member_id
        WHERE i.id = $1${meetupId === undefined ? '' : ' AND i.meetup_id = $2'} FOR UPDATE OF i`,
      meetupId === undefined ? [id] : [id, meetupId],
    );
    return rows[0] ?? null;
  }

  /** 1 for the first in line; members holding an offer are out of the line. */
  async waitlistPosition(meetupId: number, seq: number, manager: EntityManager = this.dataSource.manager) {
    const [row]: { n: number }[] = await manager.query(
      `SELECT count(*)::int AS n FROM invitations
        WHERE meetup_id = $1 AND waitlist_seq IS NOT NULL AND waitlist_seq <= $2 AND offer_expires_at IS NULL`,
      [meetupId, seq],
    );
    return row.n;
  }

  async update(manager: EntityManager, id: string, patch: InvitationPatch): Promise<void> {
    const keys = Object.keys(patch) as (keyof InvitationPatch)[];
    if (keys.length === 0) return;
    const sets = keys.map((k, i) => `${PATCH_COLUMNS[k]} = $${i + 2}`);
    await manager.query(`UPDATE invitations SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, [
      id,
      ...keys.map((k) => patch[k]),
    ]);
  }

  /**
   * The member's calendar entry gets a new version: one more for the invitation's part of the
   * .ics SEQUENCE (see Invitation.calendarSequence). Returns the new count.
   */
  async nextCalendarVersion(manager: EntityManager, id: string): Promise<number> {
    const [row]: { n: number }[] = await manager.query(
      `WITH bumped AS (
         UPDATE invitations SET calendar_sequence = calendar_sequence + 1 WHERE id = $1 RETURNING calendar_sequence
       )
       SELECT calendar_sequence AS n FROM bumped`,
      [id],
    );
    return row.n;
  }

  async logEvent(
    manager: EntityManager,
    invitationId: string,
    kind: string,
    detail: Record<string, unknown> = {},
  ): Promise<string> {
    const [id] = await this.logEvents(manager, invitationId, [{ kind, detail }]);
    return id;
  }

  /** Several events of one invitation in one statement; ids in the given order. */
  async logEvents(
    manager: EntityManager,
    invitationId: string,
    events: { kind: string; detail: Record<string, unknown> }[],
  ): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO invitation_events (invitation_id, kind, detail)
       SELECT $1, e.value ->> 'kind', e.value -> 'detail'
         FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(value, n)
        ORDER BY e.n
       RETURNING id::text AS id`,
      [invitationId, JSON.stringify(events)],
    );
    return rows.map((r) => r.id);
  }

  /** The invitation's log, oldest first (invitation_events_invitation_id_at_idx). */
  events(invitationId: string, manager: EntityManager = this.dataSource.manager): Promise<InvitationEvent[]> {
    return manager.query(
      `SELECT id::text AS id, invitation_id::text AS "invitationId", at, kind, detail
         FROM invitation_events WHERE invitation_id = $1 ORDER BY at, id`,
      [invitationId],
    );
  }

  /**
   * What the scanner check reads: page views and answers, and when the
   * invitation email reached the SMTP server, as kind 'delivered'
   * (invitation_events_invitation_id_at_idx, outbox_messages_idempotency_key_key).
   */
  answerLog(invitationId: string, manager: EntityManager): Promise<{ kind: string; at: Date }[]> {
    return manager.query(
      `SELECT kind, at FROM invitation_events WHERE invitation_id = $1 AND kind IN ('view', 'head', 'accept', 'decline')
       UNION ALL
       SELECT 'delivered', sent_at FROM outbox_messages WHERE idempotency_key = $2 AND sent_at IS NOT NULL`,
      [invitationId, `invitation:${invitationId}`],
    );
  }

  /** Counts of the meetup's invitations by state, plus arrivals (invitations_meetup_id_state_idx). */
  async stateCounts(meetupId: number, manager: EntityManager = this.dataSource.manager): Promise<StateCounts> {
    const rows: { state: InvitationState; n: number; offers: number; checked_in: number }[] = await manager.query(
      `SELECT state, count(*)::int AS n, count(offer_expires_at)::int AS offers, count(checked_in_at)::int AS checked_in
         FROM invitations WHERE meetup_id = $1 GROUP BY state`,
      [meetupId],
    );
    const counts: Record<InvitationState, number> = {
      pending: 0,
      accepted: 0,
      declined: 0,
      waitlisted: 0,
      expired: 0,
      cancelled: 0,
    };
    let offers = 0;
    let checkedIn = 0;
    for (const r of rows) {
      counts[r.state] = r.n;
      offers += r.offers;
      checkedIn += r.checked_in;
    }
    return { ...counts, offers, checkedIn, invited: rows.reduce((sum, r) => sum + r.n, 0) };
  }
}
