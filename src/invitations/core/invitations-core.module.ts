import { Module } from '@nestjs/common';
import { InvitationLinkService } from './invitation-link.service';
import { InvitationsRepository } from './invitations.repository';
import { RsvpPage } from './rsvp-page';
import { TickSteps } from './tick-steps';

/**
 * The door of the invitations to other modules: the member's link, the RSVP page's hooks and the minute tick's added steps. Its files
 * (entities, link token, check-in code, mail basics, calendar, meetup facts) are the only ones of
 * src/invitations that other modules may import (.dependency-cruiser.cjs checks it).
 */
@Module({
  providers: [InvitationsRepository, InvitationLinkService, RsvpPage, TickSteps],
  exports: [InvitationLinkService, RsvpPage, TickSteps],
})
export class InvitationsCoreModule {}
