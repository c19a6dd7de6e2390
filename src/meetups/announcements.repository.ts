import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Locale } from '../common/locale';
import { AnnouncementState, MeetupAnnouncement } from './announcement.entity';

/** What a delivery attempt needs: the text as it was queued. */
export interface ClaimedAnnouncement {
  sentLocale: Locale;
  sentMarkdown: string;
  idempotencyKey: string;
  /** This attempt's number, from 1. */
  attempts: number;
}

export interface AttemptResult {
  status: number | null;
  body: string | null;
  error: string | null;
  forumUrl: string | null;
}

/** Every query on meetup_announcements goes by its primary key, meetup_id. */
@Injectable()
export class AnnouncementsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Meetups starting in [now, until) that will happen (scheduled, inviting, closed) but whose forum
   * announcement is not published (meetups_city_id_starts_at_idx is no help: a range over all cities
   * of a few weeks is a handful of rows; the announcement by its primary key).
   */
  unpublishedBefore(now: Date, until: Date): Promise<{ id: number; title: string; city: string; startsAt: Date }[]> {
    return this.dataSource.query(
      `SELECT m.id, m.title, c.name AS city, m.starts_at AS "startsAt"
         FROM meetups m JOIN cities c ON c.id = m.city_id
         LEFT JOIN meetup_announcements a ON a.meetup_id = m.id
        WHERE m.starts_at >= $1 AND m.starts_at < $2 AND m.status IN ('scheduled', 'inviting', 'closed')
          AND (a.state IS NULL OR a.state <> 'published')
        ORDER BY m.starts_at LIMIT 20`,
      [now, until],
    );
  }

  find(meetupId: number, manager: EntityManager = this.dataSource.manager): Promise<MeetupAnnouncement | null> {
    return manager.findOne(MeetupAnnouncement, { where: { meetupId } });
  }

  /** Locks the row: a publish and a "mark by hand" of one meetup cannot interleave. */
  findForUpdate(meetupId: number, manager: EntityManager): Promise<MeetupAnnouncement | null> {
    return manager.findOne(MeetupAnnouncement, { where: { meetupId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Saves the text; its publication state stays as it is (the page then says "changed since publish"). */
  async saveText(meetupId: number, locale: Locale, markdown: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).query(
      `INSERT INTO meetup_announcements AS a (meetup_id, locale, markdown) VALUES ($1, $2, $3)
       ON CONFLICT (meetup_id) DO UPDATE SET locale = excluded.locale, markdown = excluded.markdown, updated_at = now()`,
      [meetupId, locale, markdown],
    );
  }

  /** Freezes the current text as the one to send and starts a new round of attempts. Returns the round. */
  async queue(meetupId: number, idempotencyKey: string, manager: EntityManager): Promise<number> {
    // UPDATE … RETURNING inside a CTE: TypeORM's query() hands back a bare UPDATE's rows wrapped with its count.
    const [row]: { round: number }[] = await manager.query(
      `WITH queued AS (
         UPDATE meetup_announcements
            SET state = 'queued', round = round + 1, sent_locale = locale, sent_markdown = markdown,
                idempotency_key = $2, attempts = 0, last_attempt_at = NULL,
                response_status = NULL, response_body = NULL, last_error = NULL, updated_at = now()
          WHERE meetup_id = $1
          RETURNING round
       )
       SELECT round FROM queued`,
      [meetupId, idempotencyKey],
    );
    return row.round;
  }

  /** Staff posted the current text themselves. */
  async markPublishedByHand(
    meetupId: number,
    idempotencyKey: string,
    forumUrl: string | null,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `UPDATE meetup_announcements
          SET state = 'published', round = round + 1, sent_locale = locale, sent_markdown = markdown,
              idempotency_key = $2, published_at = now(), published_by = 'hand',
              forum_url = coalesce($3, forum_url),
              response_status = NULL, response_body = NULL, last_error = NULL, updated_at = now()
        WHERE meetup_id = $1`,
      [meetupId, idempotencyKey, forumUrl],
    );
  }

  /**
   * Takes the queued text for one attempt, counting it. Null when this round
   * is over (published, failed, or queued again since the job was made).
   */
  async claim(meetupId: number, round: number): Promise<ClaimedAnnouncement | null> {
    const rows: ClaimedAnnouncement[] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE meetup_announcements
            SET attempts = attempts + 1, last_attempt_at = now(), updated_at = now()
          WHERE meetup_id = $1 AND round = $2 AND state = 'queued'
          RETURNING sent_locale, sent_markdown, idempotency_key, attempts
       )
       SELECT sent_locale AS "sentLocale", sent_markdown AS "sentMarkdown", idempotency_key AS "idempotencyKey", attempts
         FROM claimed`,
      [meetupId, round],
    );
    return rows[0] ?? null;
  }

  /**
   * Records an attempt's answer and where that leaves the round: still
   * 'queued' (a retry follows), 'published' or 'failed'. Only the current round.
   */
  async recordAttempt(
    meetupId: number,
    round: number,
    state: Exclude<AnnouncementState, 'draft'>,
    result: AttemptResult,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE meetup_announcements
          SET state = $3, response_status = $4, response_body = $5, last_error = $6,
              forum_url = coalesce($7, forum_url),
              published_at = CASE WHEN $3 = 'published' THEN now() ELSE published_at END,
              published_by = CASE WHEN $3 = 'published' THEN 'webhook' ELSE published_by END,
              updated_at = now()
        WHERE meetup_id = $1 AND round = $2 AND state = 'queued'`,
      [
        meetupId,
        round,
        state,
        result.status,
        result.body?.slice(0, 1000) ?? null,
        result.error?.slice(0, 1000) ?? null,
        result.forumUrl,
      ],
    );
  }
}
