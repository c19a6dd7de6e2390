import { Injectable, OnModuleInit } from '@nestjs/common';
import { MeetupPageSections } from '../../meetups/meetup-page-sections';
import type { Locale } from '../../common/locale';
import { rsvpFunnelSvg } from './funnel-chart';
import { InvitationsOverviewService } from './invitations-overview.service';

/**
 * The invitations' section of the meetup page (views/partials/meetups/invitations-section.hbs):
 * the RSVP funnel and links to the meetup's staff pages that make sense now. Added through
 * MeetupPageSections because the meetups module, which renders the page, cannot import this one.
 */
@Injectable()
export class MeetupInvitationsSection implements OnModuleInit {
  constructor(
    private readonly sections: MeetupPageSections,
    private readonly staff: InvitationsOverviewService,
  ) {}

  onModuleInit(): void {
    this.sections.add((meetup, locale) => this.model(meetup.id, locale));
  }

  async model(meetupId: number, locale: Locale) {
    const { funnel, withdrawn, pages } = await this.staff.meetupSummary(meetupId);
    return {
      invitations: {
        funnelSvg: funnel.invited > 0 ? rsvpFunnelSvg(funnel, locale) : null,
        withdrawn,
        none: funnel.invited === 0 && withdrawn === 0,
        pages: pages.map((page) => ({ href: `/meetups/${meetupId}/${page}`, key: `inv.page.${page}` })),
      },
    };
  }
}
