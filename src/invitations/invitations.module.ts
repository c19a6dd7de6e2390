import { forwardRef, Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { MeetupsModule } from '../meetups/meetups.module';
import { QuestionsModule } from '../questions/questions.module';
import { InvitationMail } from './invitation-mail';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';
import { rsvpThrottlerModule } from './rsvp-throttle';
import { RsvpController } from './rsvp.controller';
import { RsvpPagesController } from './rsvp.pages.controller';
import { RsvpService } from './rsvp.service';

@Module({
  // The RSVP page shows the member's questions; questions need the invitations' SQL: a cycle, resolved lazily.
  imports: [MailModule, MeetupsModule, rsvpThrottlerModule, forwardRef(() => QuestionsModule)],
  controllers: [RsvpController, RsvpPagesController],
  providers: [InvitationsRepository, InvitationMail, InvitationsService, RsvpService],
  exports: [InvitationsRepository, InvitationMail, InvitationsService, RsvpService],
})
export class InvitationsModule {}
