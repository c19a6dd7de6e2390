import { Injectable, OnModuleInit } from '@nestjs/common';
import { MeetupPageSections } from '../meetups/meetup-page-sections';
import { fromCityLocal } from '../meetups/meetup-time';
import type { Locale } from '../common/locale';
import { EngineerBriefService } from './engineer-brief.service';

/**
 * The matching's section of the staff meetup page (views/partials/meetups/engineers-section.hbs):
 * the confirmed engineers, and — until the RSVP deadline, while there is still time to act — the
 * asked-about areas nobody confirmed covers.
 */
@Injectable()
export class MeetupEngineersSection implements OnModuleInit {
  constructor(
    private readonly sections: MeetupPageSections,
    private readonly briefs: EngineerBriefService,
  ) {}

  onModuleInit(): void {
    this.sections.add((meetup, locale) => this.model(meetup.id, locale));
  }

  async model(meetupId: number, locale: Locale, now = new Date()) {
    const brief = await this.briefs.brief(meetupId, now);
    const m = brief.meetup;
    const until = (m.rsvpDeadline ? fromCityLocal(m.rsvpDeadline, m.timeZone) : null) ?? new Date(m.startsAtUtc);
    const beforeDeadline = until.getTime() > now.getTime();
    return {
      engineers: {
        team: brief.team,
        uncovered: beforeDeadline
          ? brief.uncovered
              .map((a) => (locale === 'zh-CN' ? a.nameZh : a.nameEn))
              .join(locale === 'zh-CN' ? '、' : ', ')
          : '',
      },
    };
  }
}
