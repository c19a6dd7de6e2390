import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface FeedbackMeetupRow {
  id: number;
  title: string;
  city: string;
  timeZone: string;
  startsAt: Date;
}

/** A suggestion as staff triage it: its area and who made it (staff may see names; ratings stay unnamed). */
export interface StaffSuggestionRow {
  id: string;
  body: string;
  productAreaId: number;
  areaSlug: string;
  areaEn: string;
  areaZh: string;
  memberId: string;
  memberName: string;
  savedAt: Date;
  boardItemId: string | null;
  outcome: string | null;
  itemStatus: string | null;
}

/** The SQL of a meetup's feedback for staff: its suggestions and what attendees found good. */
@Injectable()
export class MeetupFeedbackRepository {
  constructor(private readonly dataSource: DataSource) {}

  async meetup(meetupId: number): Promise<FeedbackMeetupRow | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT m.id, m.title, c.name AS city, c.time_zone AS "timeZone", m.starts_at AS "startsAt"
         FROM meetups m JOIN cities c ON c.id = m.city_id WHERE m.id = $1`,
      [meetupId],
    );
    return row as FeedbackMeetupRow | undefined;
  }

  /** The meetup's suggestions by product area, oldest first (feedback_requests_meetup_id_idx). */
  suggestions(meetupId: number): Promise<StaffSuggestionRow[]> {
    return this.dataSource.query(
      `SELECT s.id::text AS id, s.body, s.product_area_id AS "productAreaId", pa.slug AS "areaSlug",
              pa.name_en AS "areaEn", pa.name_zh AS "areaZh", i.member_id::text AS "memberId", mb.name AS "memberName",
              s.created_at AS "savedAt", s.board_item_id::text AS "boardItemId", s.outcome, b.status AS "itemStatus"
         FROM feedback_requests f
         JOIN feedback_suggestions s ON s.request_id = f.id
         LEFT JOIN board_items b ON b.id = s.board_item_id
         JOIN product_areas pa ON pa.id = s.product_area_id
         JOIN invitations i ON i.id = f.invitation_id
         JOIN members mb ON mb.id = i.member_id
        WHERE f.meetup_id = $1
        ORDER BY pa.name_en, s.id`,
      [meetupId],
    );
  }

  /** "What was good", without names and in no particular person's order (feedback_requests_meetup_id_idx). */
  async goodTexts(meetupId: number): Promise<string[]> {
    const rows: { good: string }[] = await this.dataSource.query(
      `SELECT a.good FROM feedback_requests f JOIN feedback_answers a ON a.request_id = f.id
        WHERE f.meetup_id = $1 AND a.good <> '' ORDER BY md5(a.request_id::text)`,
      [meetupId],
    );
    return rows.map((r) => r.good);
  }
}
