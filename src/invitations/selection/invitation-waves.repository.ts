import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Locale } from '../../common/locale';
import type { InvitationState } from '../core/invitation.entity';
import { INVITATION_COLUMNS, InvitationRow } from '../core/invitations.repository';

/** One row of the staff's invitation list. */
export interface StaffInvitationRow {
  id: string;
  memberId: string;
  name: string;
  email: string;
  state: InvitationState;
  wave: number;
  score: number | null;
  addedByHand: boolean;
  invitedAt: Date;
  answeredAt: Date | null;
  /** Place in line (1 = next) for a waitlisted member without an offer. */
  position: number | null;
  offerExpiresAt: Date | null;
  checkedInAt: Date | null;
  suspect: boolean;
  /** The member unsubscribed (after being invited): they get no mail, so an unanswered invitation says so. */
  unsubscribed: boolean;
  /** The 'looks-automated' log entries of a suspect invitation: { signs, reasons }. */
  /** Older rows hold English reasons; newer ones both languages. */
  flags: { signs?: string[]; reasons?: (string | Partial<Record<Locale, string>>)[] }[] | null;
}

export interface StaffAccount {
  id: number;
  email: string;
  name: string;
  locale: Locale;
}

/**
 * The SQL of waves, wave settings, the low-turnout alert and the staff's invitation list.
 * The timed work scans `meetups` without an index on purpose: a few hundred rows a year.
 */
@Injectable()
export class InvitationWavesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * For the dashboard: meetups still inviting whose RSVP deadline falls in [now, deadlineBefore) with
   * seats free, and scheduled meetups starting before startBefore that have sent no invitation yet
   * (a few weeks of meetups: a handful of rows; invitations_meetup_id_state_idx for the check).
   */
  dashboardMeetups(
    now: Date,
    deadlineBefore: Date,
    startBefore: Date,
  ): Promise<
    { id: number; title: string; city: string; kind: 'seats-free' | 'not-invited'; due: Date; free: number }[]
  > {
    return this.dataSource.query(
      `SELECT m.id, m.title, c.name AS city, 'seats-free' AS kind, m.rsvp_deadline AS due,
              m.capacity_max - m.seats_taken AS free
         FROM meetups m JOIN cities c ON c.id = m.city_id
        WHERE m.status = 'inviting' AND m.rsvp_deadline >= $1 AND m.rsvp_deadline < $2 AND m.seats_taken < m.capacity_max
       UNION ALL
       SELECT m.id, m.title, c.name, 'not-invited', m.starts_at, m.capacity_max - m.seats_taken
         FROM meetups m JOIN cities c ON c.id = m.city_id
        WHERE m.status = 'scheduled' AND m.starts_at >= $1 AND m.starts_at < $3
          AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.meetup_id = m.id)
        ORDER BY due LIMIT 20`,
      [now, deadlineBefore, startBefore],
    );
  }

  /** Wave settings; undefined leaves a setting as it is. Call under the meetup's lock. */
  async updateSettings(
    manager: EntityManager,
    meetupId: number,
    settings: { firstWaveSize?: number | null; autoWaves?: boolean },
  ): Promise<void> {
    await manager.query(
      `UPDATE meetups
          SET first_wave_size = CASE WHEN $2 THEN $3::int ELSE first_wave_size END,
              auto_waves = coalesce($4::boolean, auto_waves),
              updated_at = now()
        WHERE id = $1`,
      [meetupId, settings.firstWaveSize !== undefined, settings.firstWaveSize ?? null, settings.autoWaves ?? null],
    );
  }

  /** Meetups whose staff switched automatic waves on and that may still invite (sequential scan: few rows). */
  async autoWaveCandidates(now: Date): Promise<number[]> {
    const rows: { id: number }[] = await this.dataSource.query(
      `SELECT id FROM meetups
        WHERE auto_waves AND status = 'inviting' AND coalesce(rsvp_deadline, starts_at) > $1
        ORDER BY id`,
      [now],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Meetups within `days` of their RSVP deadline (or start, without one), not started, never
   * alerted: the alert candidates. Whether too few accepted is decided under the meetup's lock.
   */
  async lowTurnoutCandidates(now: Date, days: number): Promise<number[]> {
    const rows: { id: number }[] = await this.dataSource.query(
      `SELECT id FROM meetups
        WHERE low_turnout_alerted_at IS NULL AND status IN ('scheduled', 'inviting', 'closed')
          AND coalesce(rsvp_deadline, starts_at) - make_interval(days => $2) <= $1 AND starts_at > $1
        ORDER BY id`,
      [now, days],
    );
    return rows.map((r) => r.id);
  }

  /** Raises the meetup's alert once: false when another instance raised it first. */
  async markLowTurnout(manager: EntityManager, meetupId: number, now: Date): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH marked AS (
         UPDATE meetups SET low_turnout_alerted_at = $2 WHERE id = $1 AND low_turnout_alerted_at IS NULL RETURNING id
       )
       SELECT id FROM marked`,
      [meetupId, now],
    );
    return rows.length > 0;
  }

  /**
   * A withdrawn invitation stops counting against its member: one invitation fewer, and the last
   * invitation date back to their previous one (invitations_member_id_idx).
   */
  async uncountInvitation(manager: EntityManager, memberId: string): Promise<void> {
    await manager.query(
      `UPDATE members m
          SET invited_count = greatest(m.invited_count - 1, 0),
              last_invited_at = (SELECT max(i.invited_at) FROM invitations i
                                  WHERE i.member_id = m.id AND i.state <> 'cancelled')
        WHERE m.id = $1`,
      [memberId],
    );
  }

  /** Active admin and staff accounts: who hears about a meetup in trouble. */
  staffAccounts(manager: EntityManager): Promise<StaffAccount[]> {
    return manager.query(
      `SELECT id, email, name, locale FROM accounts
        WHERE role IN ('admin', 'staff') AND disabled_at IS NULL
        ORDER BY id`,
    );
  }

  /**
   * The meetup's invitations for staff, by wave and score (invitations_meetup_id_state_idx for the
   * meetup; invitation_events_invitation_id_at_idx for the flags of suspect ones). Places in line
   * count waiting members without an offer, as the member's own page does.
   */
  list(meetupId: number, limit = 2000): Promise<StaffInvitationRow[]> {
    return this.dataSource.query(
      `SELECT i.id::text AS id, i.member_id::text AS "memberId", m.name, m.email, i.state, i.wave, i.score,
              i.added_by_hand AS "addedByHand", i.invited_at AS "invitedAt", i.answered_at AS "answeredAt",
              CASE WHEN i.waitlist_seq IS NOT NULL AND i.offer_expires_at IS NULL THEN
                count(*) FILTER (WHERE i.waitlist_seq IS NOT NULL AND i.offer_expires_at IS NULL)
                  OVER (ORDER BY i.waitlist_seq)::int
              END AS position,
              i.offer_expires_at AS "offerExpiresAt", i.checked_in_at AS "checkedInAt", i.suspect,
              m.unsubscribed_at IS NOT NULL AS unsubscribed,
              CASE WHEN i.suspect THEN
                (SELECT jsonb_agg(e.detail ORDER BY e.at, e.id) FROM invitation_events e
                  WHERE e.invitation_id = i.id AND e.kind = 'looks-automated')
              END AS flags
         FROM invitations i
         JOIN members m ON m.id = i.member_id
        WHERE i.meetup_id = $1
        ORDER BY i.wave, i.score DESC NULLS LAST, i.id
        LIMIT $2`,
      [meetupId, limit],
    );
  }

  /** The number of the next wave (invitations_meetup_id_state_idx serves the meetup filter). */
  async nextWave(manager: EntityManager, meetupId: number): Promise<number> {
    const [row]: { wave: number }[] = await manager.query(
      `SELECT coalesce(max(wave), 0) + 1 AS wave FROM invitations WHERE meetup_id = $1`,
      [meetupId],
    );
    return row.wave;
  }

  /**
   * Creates invitations for members not yet invited to this meetup and still
   * subscribed, and counts the invitation on each member, in two statements.
   * Returns the invitations made (ON CONFLICT on invitations_meetup_id_member_id_key skips the rest).
   */
  async insertInvitations(
    manager: EntityManager,
    meetupId: number,
    wave: number,
    rows: { memberId: string; score: number | null; byHand: boolean; nonce: Buffer; hash: Buffer }[],
    now: Date,
  ): Promise<InvitationRow[]> {
    if (rows.length === 0) return [];
    const created: InvitationRow[] = await manager.query(
      `WITH wanted AS (
         SELECT x.member_id, x.score, x.by_hand, decode(x.nonce, 'base64') AS nonce, decode(x.hash, 'base64') AS hash
           FROM jsonb_to_recordset($2::jsonb) AS x(member_id bigint, score integer, by_hand boolean, nonce text, hash text)
       ), i AS (
         INSERT INTO invitations (meetup_id, member_id, wave, score, added_by_hand, token_nonce, token_hash, invited_at)
         SELECT $1, w.member_id, $3, w.score, w.by_hand, w.nonce, w.hash, $4
           FROM wanted w JOIN members m ON m.id = w.member_id AND m.unsubscribed_at IS NULL
          ORDER BY w.member_id
         ON CONFLICT (meetup_id, member_id) DO NOTHING
         RETURNING *
       )
       SELECT ${INVITATION_COLUMNS} FROM i JOIN members m ON m.id = i.member_id ORDER BY i.id`,
      [
        meetupId,
        JSON.stringify(
          rows.map((r) => ({
            member_id: r.memberId,
            score: r.score,
            by_hand: r.byHand,
            nonce: r.nonce.toString('base64'),
            hash: r.hash.toString('base64'),
          })),
        ),
        wave,
        now,
      ],
    );
    if (created.length > 0) {
      await manager.query(
        `UPDATE members SET invited_count = invited_count + 1, last_invited_at = $2 WHERE id = ANY ($1::bigint[])`,
        [created.map((c) => c.memberId), now],
      );
    }
    return created;
  }
}
