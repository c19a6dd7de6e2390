import { Module } from '@nestjs/common';
import { InvitationLinkService } from './invitation-link.service';
import { InvitationsRepository } from './invitations.repository';
import { RsvpPage } from './rsvp-page';

/**
 * The door of the invitations to other modules: the member's link and the RSVP page's hooks. Its files
 * (entities, link token, check-in code, mail basics, calendar, meetup facts) are the only ones of
 * src/invitations that other modules may import (.dependency-cruiser.cjs checks it).
 */
@Module({
  providers: [InvitationsRepository, InvitationLinkService, RsvpPage],
  exports: [InvitationLinkService, RsvpPage],
})
export class InvitationsCoreModule {}
