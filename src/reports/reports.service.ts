import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { rate, satisfaction, Satisfaction } from './report-figures';
import { EngineerReportRow, LoopFunnelRow, LoopReportRepository } from './loop-report.repository';
import { ReportsRepository } from './reports.repository';

export interface MeetupReportRow extends Satisfaction {
  meetupId: number;
  title: string;
  city: string;
  /** The meetup's day in its city, yyyy-MM-dd. */
  day: string;
}

export interface CityPeriodReportRow extends Satisfaction {
  city: string;
  period: string;
}

export interface ShowUpReportRow {
  city: string;
  meetups: number;
  accepted: number;
  checkedIn: number;
  /** checkedIn / accepted, 0–1. */
  showUpRate: number | null;
}

export interface Reports {
  meetups: MeetupReportRow[];
  cities: CityPeriodReportRow[];
  showUp: ShowUpReportRow[];
  loop: LoopFunnelRow;
  engineers: EngineerReportRow[];
}

export const REPORT_NAMES = ['meetups', 'cities', 'show-up', 'loop', 'engineers'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/**
 * The staff reports: satisfaction and response rate per meetup, satisfaction per city over time,
 * show-up per city, the loop from meetups to shipped items, and per engineer. Read-only; the pages draw them, the API and CSV give the same rows.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly repository: ReportsRepository,
    private readonly loopReports: LoopReportRepository,
  ) {}

  async all(): Promise<Reports> {
    const [meetups, cities, showUp, loop, engineers] = await Promise.all([
      this.meetups(),
      this.cities(),
      this.showUp(),
      this.loopReports.funnel(),
      this.loopReports.perEngineer(),
    ]);
    return { meetups, cities, showUp, loop, engineers };
  }

  /** Only what one report needs (its CSV): the others' SQL is not run. */
  async part(name: ReportName): Promise<Partial<Reports>> {
    switch (name) {
      case 'meetups':
        return { meetups: await this.meetups() };
      case 'cities':
        return { cities: await this.cities() };
      case 'show-up':
        return { showUp: await this.showUp() };
      case 'loop':
        return { loop: await this.loopReports.funnel() };
      case 'engineers':
        return { engineers: await this.loopReports.perEngineer() };
    }
  }

  async meetups(): Promise<MeetupReportRow[]> {
    return (await this.repository.feedbackPerMeetup()).map((r) => ({
      meetupId: r.meetupId,
      title: r.title,
      city: r.city,
      day: DateTime.fromJSDate(r.startsAt, { zone: r.timeZone }).toFormat('yyyy-MM-dd'),
      ...satisfaction(r),
    }));
  }

  /** One meetup's response rate, mean rating and recommend score (null below 10 answers). */
  async forMeetup(meetupId: number): Promise<Satisfaction> {
    return satisfaction(await this.repository.feedbackOfMeetup(meetupId));
  }

  async cities(): Promise<CityPeriodReportRow[]> {
    return (await this.repository.feedbackPerCityQuarter()).map((r) => ({
      city: r.city,
      period: r.period,
      ...satisfaction(r),
    }));
  }

  async showUp(): Promise<ShowUpReportRow[]> {
    return (await this.repository.showUpPerCity()).map((r) => ({ ...r, showUpRate: rate(r.checkedIn, r.accepted) }));
  }
}
