import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { InvitationState } from '../invitations/core/invitation.entity';
import type { MeetupStatus } from '../meetups/meetup-status';
import type { Locale } from '../common/locale';

/** An attendee's own question, as their page shows it. */
export interface OwnQuestion {
  id: string;
  slot: number;
  productAreaId: number;
  productArea: string;
  body: string;
  votes: number;
  updatedAt: Date;
}

/** Another attendee's question: no name (fans see only their own invitation), and whether the reader voted. */
export interface AttendeeQuestion {
  id: string;
  productAreaId: number;
  productArea: string;
  body: string;
  votes: number;
  voted: boolean;
}

/** A question as staff (and later the meetup's engineers) see it. */
export interface MeetupQuestionRow {
  id: string;
  productAreaId: number;
  productAreaSlug: string;
  productAreaEn: string;
  productAreaZh: string;
  body: string;
  votes: number;
  invitationId: string;
  askerName: string;
  /** The asker's city: engineers see it beside the first name. */
  askerCity: string;
  /** False once the asker declined or lost their seat: the question stays, marked. */
  askerAttending: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Who is asking or voting, with the facts of their meetup that the question window needs. */
export interface Participant {
  invitationId: string;
  meetupId: number;
  state: InvitationState;
  locale: Locale;
  meetupStatus: MeetupStatus;
  startsAt: Date;
  rsvpDeadline: Date | null;
}

const PARTICIPANT_COLUMNS = `i.id::text AS "invitationId", i.meetup_id AS "meetupId", i.state, m.locale,
  mt.status AS "meetupStatus", mt.starts_at AS "startsAt", mt.rsvp_deadline AS "rsvpDeadline"`;

/** The product area's name in the reader's language ($n is the locale). */
const areaName = (param: string) => `CASE WHEN ${param} = 'zh-CN' THEN pa.name_zh ELSE pa.name_en END`;

/**
 * The SQL of attendees' questions and votes. Writes to questions run under
 * the meetup's row lock (meetups/meetup-lock.ts), like every change
 * to a meetup's invitations; votes need no meetup lock: each vote changes its
 * row and the question's counter in one statement.
 */
@Injectable()
export class QuestionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The invitation with its member's language and its meetup, unlocked (primary keys). */
  async participant(invitationId: string, manager: EntityManager = this.dataSource.manager): Promise<Participant> {
    const [row]: Participant[] = await manager.query(
      `SELECT ${PARTICIPANT_COLUMNS}
         FROM invitations i JOIN members m ON m.id = i.member_id JOIN meetups mt ON mt.id = i.meetup_id
        WHERE i.id = $1`,
      [invitationId],
    );
    return row;
  }

  /**
   * The voter, share-locked: their own answer (which takes FOR UPDATE) waits
   * until the vote is in, so a member who just gave up their seat cannot vote;
   * other voters share the lock and never wait for each other.
   */
  async lockVoter(manager: EntityManager, invitationId: string): Promise<Participant> {
    const [row]: Participant[] = await manager.query(
      `SELECT ${PARTICIPANT_COLUMNS}
         FROM invitations i JOIN members m ON m.id = i.member_id JOIN meetups mt ON mt.id = i.meetup_id
        WHERE i.id = $1
          FOR SHARE OF i`,
      [invitationId],
    );
    return row;
  }

  /** The asker's questions by slot (questions_invitation_id_slot_key). */
  ownQuestions(invitationId: string, locale: Locale, manager: EntityManager = this.dataSource.manager) {
    return this.ownQuestionsWhere(manager, 'q.invitation_id = $1', [invitationId, locale]);
  }

  async ownQuestion(manager: EntityManager, id: string, locale: Locale): Promise<OwnQuestion> {
    const [row] = await this.ownQuestionsWhere(manager, 'q.id = $1', [id, locale]);
    return row;
  }

  private ownQuestionsWhere(manager: EntityManager, where: string, params: unknown[]): Promise<OwnQuestion[]> {
    return manager.query(
      `SELECT q.id::text AS id, q.slot, q.product_area_id AS "productAreaId", ${areaName('$2')} AS "productArea",
              q.body, q.votes, q.updated_at AS "updatedAt"
         FROM questions q JOIN product_areas pa ON pa.id = q.product_area_id
        WHERE ${where}
        ORDER BY q.slot`,
      params,
    );
  }

  /**
   * The other attending members' questions of a meetup, most voted first, and
   * whether the reader voted on each (questions_meetup_id_votes_idx, then the
   * invitations and question_votes primary keys).
   */
  otherQuestions(
    meetupId: number,
    invitationId: string,
    locale: Locale,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AttendeeQuestion[]> {
    return manager.query(
      `SELECT q.id::text AS id, q.product_area_id AS "productAreaId", ${areaName('$3')} AS "productArea",
              q.body, q.votes,
              EXISTS (SELECT 1 FROM question_votes v WHERE v.question_id = q.id AND v.invitation_id = $2) AS voted
         FROM questions q
         JOIN invitations asker ON asker.id = q.invitation_id AND asker.state = 'accepted'
         JOIN product_areas pa ON pa.id = q.product_area_id
        WHERE q.meetup_id = $1 AND q.invitation_id <> $2
        ORDER BY q.votes DESC, q.id`,
      [meetupId, invitationId, locale],
    );
  }

  /** The slots the asker has filled; call under the meetup's lock (questions_invitation_id_slot_key). */
  async takenSlots(manager: EntityManager, invitationId: string): Promise<number[]> {
    const rows: { slot: number }[] = await manager.query(`SELECT slot FROM questions WHERE invitation_id = $1`, [
      invitationId,
    ]);
    return rows.map((r) => r.slot);
  }

  async insert(
    manager: EntityManager,
    q: { meetupId: number; invitationId: string; slot: number; productAreaId: number; body: string },
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO questions (meetup_id, invitation_id, slot, product_area_id, body)
       VALUES ($1, $2, $3, $4, $5) RETURNING id::text AS id`,
      [q.meetupId, q.invitationId, q.slot, q.productAreaId, q.body],
    );
    return row.id;
  }

  /** Changes one of the asker's own questions; false when it is not theirs or gone (primary key). */
  async update(
    manager: EntityManager,
    id: string,
    invitationId: string,
    q: { productAreaId: number; body: string },
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH changed AS (
         UPDATE questions SET product_area_id = $3, body = $4, updated_at = now()
          WHERE id = $1 AND invitation_id = $2
         RETURNING id
       )
       SELECT id FROM changed`,
      [id, invitationId, q.productAreaId, q.body],
    );
    return rows.length > 0;
  }

  /** Deletes one of the asker's own questions; its votes go with it (ON DELETE CASCADE). */
  async delete(manager: EntityManager, id: string, invitationId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH gone AS (DELETE FROM questions WHERE id = $1 AND invitation_id = $2 RETURNING id) SELECT id FROM gone`,
      [id, invitationId],
    );
    return rows.length > 0;
  }

  /** The question a vote names, with whether its asker still attends (primary keys). */
  async questionForVote(
    manager: EntityManager,
    id: string,
  ): Promise<{ invitationId: string; meetupId: number; askerAttending: boolean } | null> {
    const [row]: { invitationId: string; meetupId: number; askerAttending: boolean }[] = await manager.query(
      `SELECT q.invitation_id::text AS "invitationId", q.meetup_id AS "meetupId", i.state = 'accepted' AS "askerAttending"
         FROM questions q JOIN invitations i ON i.id = q.invitation_id
        WHERE q.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /**
   * One vote, and the counter with it, in one statement: the vote row goes in
   * unless it is already there (question_votes_pkey), and only a row that went
   * in adds one to `votes`. Concurrent votes on a question queue on its row;
   * a duplicate waits for the first and then inserts nothing, so `votes`
   * always equals count(question_votes).
   */
  async addVote(manager: EntityManager, questionId: string, invitationId: string) {
    const [row]: { added: boolean; votes: number }[] = await manager.query(
      `WITH vote AS (
         INSERT INTO question_votes (question_id, invitation_id) VALUES ($1, $2)
         ON CONFLICT (question_id, invitation_id) DO NOTHING
         RETURNING question_id
       ), counted AS (
         UPDATE questions SET votes = votes + 1 WHERE id IN (SELECT question_id FROM vote) RETURNING votes
       )
       SELECT EXISTS (SELECT 1 FROM counted) AS added,
              coalesce((SELECT votes FROM counted), (SELECT votes FROM questions WHERE id = $1)) AS votes`,
      [questionId, invitationId],
    );
    return row;
  }

  /** Takes a vote back, and one off the counter only when a vote row was deleted. */
  async removeVote(manager: EntityManager, questionId: string, invitationId: string) {
    const [row]: { removed: boolean; votes: number }[] = await manager.query(
      `WITH vote AS (
         DELETE FROM question_votes WHERE question_id = $1 AND invitation_id = $2 RETURNING question_id
       ), counted AS (
         UPDATE questions SET votes = votes - 1 WHERE id IN (SELECT question_id FROM vote) RETURNING votes
       )
       SELECT EXISTS (SELECT 1 FROM counted) AS removed,
              coalesce((SELECT votes FROM counted), (SELECT votes FROM questions WHERE id = $1)) AS votes`,
      [questionId, invitationId],
    );
    return row;
  }

  /** The meetup's title and city, or null when there is no such meetup (primary key). */
  async meetup(
    meetupId: number,
  ): Promise<{ id: number; title: string; city: string; startsAt: Date; timeZone: string } | null> {
    const [row] = await this.dataSource.query(
      `SELECT mt.id, mt.title, c.name AS city, mt.starts_at AS "startsAt", c.time_zone AS "timeZone"
         FROM meetups mt JOIN cities c ON c.id = mt.city_id WHERE mt.id = $1`,
      [meetupId],
    );
    return row ?? null;
  }

  /** All questions of a meetup with their askers (questions_meetup_id_votes_idx, then primary keys). */
  meetupQuestions(meetupId: number): Promise<MeetupQuestionRow[]> {
    return this.dataSource.query(
      `SELECT q.id::text AS id, q.product_area_id AS "productAreaId", pa.slug AS "productAreaSlug",
              pa.name_en AS "productAreaEn", pa.name_zh AS "productAreaZh", q.body, q.votes,
              q.invitation_id::text AS "invitationId", m.name AS "askerName", ac.name AS "askerCity", i.state = 'accepted' AS "askerAttending",
              q.created_at AS "createdAt", q.updated_at AS "updatedAt"
         FROM questions q
         JOIN invitations i ON i.id = q.invitation_id
         JOIN members m ON m.id = i.member_id
         JOIN cities ac ON ac.id = m.city_id
         JOIN product_areas pa ON pa.id = q.product_area_id
        WHERE q.meetup_id = $1
        ORDER BY q.votes DESC, q.id`,
      [meetupId],
    );
  }
}
