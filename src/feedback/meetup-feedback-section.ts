import { Injectable, OnModuleInit } from '@nestjs/common';
import { MeetupPageSections } from '../meetups/meetup-page-sections';
import { ReportsService } from '../reports/reports.service';

/**
 * The feedback part of the meetup page (views/partials/meetups/feedback-section.hbs): how many were
 * asked and answered, and the link to the meetup's feedback page, once requests went out.
 */
@Injectable()
export class MeetupFeedbackSection implements OnModuleInit {
  constructor(
    private readonly sections: MeetupPageSections,
    private readonly reports: ReportsService,
  ) {}

  onModuleInit(): void {
    this.sections.add(async (meetup) => {
      const figures = await this.reports.forMeetup(meetup.id);
      return {
        feedback:
          figures.sent > 0
            ? { href: `/meetups/${meetup.id}/feedback`, sent: figures.sent, answers: figures.answers }
            : null,
      };
    });
  }
}
