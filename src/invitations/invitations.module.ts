import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { MeetupsModule } from '../meetups/meetups.module';
import { AttendeeMail } from './attendee-mail';
import { CheckInController } from './check-in.controller';
import { CheckInPagesController } from './check-in.pages.controller';
import { CheckInRepository } from './check-in.repository';
import { CheckInService } from './check-in.service';
import { InvitationMail } from './invitation-mail';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';
import { InvitationsTickService } from './invitations-tick.service';
import { MeetupChangesService } from './meetup-changes.service';
import { MeetupTimelineRepository } from './meetup-timeline.repository';
import { MeetupTimelineService } from './meetup-timeline.service';
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
    AttendeeMail,
    MeetupTimelineRepository,
    MeetupTimelineService,
    MeetupChangesService,
    CheckInRepository,
    CheckInService,
    InvitationsTickService,
  ],
  exports: [
    InvitationsRepository,
    InvitationMail,
    InvitationsService,
    RsvpService,
    MeetupTimelineService,
    CheckInService,
  ],
})
export class InvitationsModule {}
