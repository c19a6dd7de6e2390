import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Feedback counts of one group (a meetup, a city's quarter): the service turns them into rates and scores. */
export interface FeedbackCounts {
  /** Requests sent (checked-in, subscribed attendees). */
  sent: number;
  answers: number;
  ratingSum: number;
  promoters: number;
  detractors: number;
}

export interface MeetupFeedbackRow extends FeedbackCounts {
  meetupId: number;
  title: string;
  city: string;
  timeZone: string;
  startsAt: Date;
}

export interface CityPeriodFeedbackRow extends FeedbackCounts {
  city: string;
  /** "2027-Q1", in the city's time zone. */
  period: string;
}

export interface CityShowUpRow {
  city: string;
  meetups: number;
  accepted: number;
  checkedIn: number;
}

const COUNTS = `count(f.id)::int AS sent, count(a.request_id)::int AS answers,
  coalesce(sum(a.rating), 0)::int AS "ratingSum",
  count(*) FILTER (WHERE a.recommend >= 9)::int AS promoters,
  count(*) FILTER (WHERE a.recommend <= 6)::int AS detractors`;

/**
 * The SQL of the staff reports. Each is one aggregate over the feedback of every meetup (≈ 50 a
 * year × 50 attendees): a hash join of small tables, read once; the comments name the index a
 * query relies on where it walks a big table.
 */
@Injectable()
export class ReportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Per meetup that sent feedback requests, newest first: requests, answers, rating sum, promoters
   * and detractors (feedback_requests_meetup_id_idx groups the requests; feedback_answers_pkey finds
   * each answer).
   */
  feedbackPerMeetup(): Promise<MeetupFeedbackRow[]> {
    return this.dataSource.query(
      `SELECT m.id AS "meetupId", m.title, c.name AS city, c.time_zone AS "timeZone", m.starts_at AS "startsAt",
              ${COUNTS}
         FROM feedback_requests f
         LEFT JOIN feedback_answers a ON a.request_id = f.id
         JOIN meetups m ON m.id = f.meetup_id
         JOIN cities c ON c.id = m.city_id
        GROUP BY m.id, c.id
        ORDER BY m.starts_at DESC, m.id DESC`,
    );
  }

  /** One meetup's counts (feedback_requests_meetup_id_idx). */
  async feedbackOfMeetup(meetupId: number): Promise<FeedbackCounts> {
    const [row] = await this.dataSource.query(
      `SELECT ${COUNTS}
         FROM feedback_requests f LEFT JOIN feedback_answers a ON a.request_id = f.id
        WHERE f.meetup_id = $1`,
      [meetupId],
    );
    return row as FeedbackCounts;
  }

  /** The same per city and quarter of the year (in the city's zone), cities by name, quarters in order. */
  feedbackPerCityQuarter(): Promise<CityPeriodFeedbackRow[]> {
    return this.dataSource.query(
      `SELECT c.name AS city, to_char(date_trunc('quarter', m.starts_at AT TIME ZONE c.time_zone), 'YYYY-"Q"Q') AS period,
              ${COUNTS}
         FROM feedback_requests f
         LEFT JOIN feedback_answers a ON a.request_id = f.id
         JOIN meetups m ON m.id = f.meetup_id
         JOIN cities c ON c.id = m.city_id
        GROUP BY c.id, 2
        ORDER BY c.name, 2`,
    );
  }

  /**
   * Show-up per city: of the members still accepted when attendance was recorded, how many checked
   * in (meetups with attendance recorded; invitations_meetup_id_state_idx for their accepted rows).
   * The invitee score reads the same facts per member (attended / no-show counts).
   */
  showUpPerCity(): Promise<CityShowUpRow[]> {
    return this.dataSource.query(
      `SELECT c.name AS city, count(DISTINCT m.id)::int AS meetups, count(i.id)::int AS accepted,
              count(i.checked_in_at)::int AS "checkedIn"
         FROM meetups m
         JOIN cities c ON c.id = m.city_id
         JOIN invitations i ON i.meetup_id = m.id AND i.state = 'accepted'
        WHERE m.attendance_recorded_at IS NOT NULL
        GROUP BY c.id
        ORDER BY c.name`,
    );
  }
}
