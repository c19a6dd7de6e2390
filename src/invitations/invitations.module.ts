import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { MeetupsModule } from '../meetups/meetups.module';
import { CheckInController } from './check-in.controller';
import { CheckInPagesController } from './check-in.pages.controller';
import { CheckInRepository } from './check-in.repository';
import { CheckInService } from './check-in.service';
import { InvitationMail } from './invitation-mail';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';
import { rsvpThrottlerModule } from './rsvp-throttle';
import { RsvpController } from './rsvp.controller';
import { RsvpPagesController } from './rsvp.pages.controller';
import { RsvpService } from './rsvp.service';

@Module({
  imports: [MailModule, MeetupsModule, rsvpThrottlerModule],
  controllers: [RsvpController, RsvpPagesController, CheckInController, CheckInPagesController],
  providers: [
    InvitationsRepository,
    InvitationMail,
    InvitationsService,
    RsvpService,
    CheckInRepository,
    CheckInService,
  ],
  exports: [InvitationsRepository, InvitationMail, InvitationsService, RsvpService, CheckInService],
})
export class InvitationsModule {}
