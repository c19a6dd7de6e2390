import { forwardRef, Module } from '@nestjs/common';
import { FeedbackModule } from '../feedback/feedback.module';
import { MailModule } from '../mail/mail.module';
import { MeetupsModule } from '../meetups/meetups.module';
import { MembersModule } from '../members/members.module';
import { AttendeeMail } from './attendee-mail';
import { CheckInController } from './check-in.controller';
import { CheckInPagesController } from './check-in.pages.controller';
import { CheckInRepository } from './check-in.repository';
import { CheckInService } from './check-in.service';
import { QuestionsModule } from '../questions/questions.module';
import { InvitationMail } from './invitation-mail';
import { InvitationWavesController } from './invitation-waves.controller';
import { InvitationWavesRepository } from './invitation-waves.repository';
import { InvitationWavesService } from './invitation-waves.service';
import { InvitationWithdrawalService } from './invitation-withdrawal.service';
import { InvitationsPagesController } from './invitations.pages.controller';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';
import { InvitationsTickService } from './invitations-tick.service';
import { InviteeSelectionRepository } from './invitee-selection.repository';
import { InviteeSelectionService } from './invitee-selection.service';
import { LowTurnoutService } from './low-turnout.service';
import { MeetupChangesService } from './meetup-changes.service';
import { MeetupInvitationsSection } from './meetup-invitations-section';
import { MeetupTimelineRepository } from './meetup-timeline.repository';
import { MeetupTimelineService } from './meetup-timeline.service';
import { rsvpThrottlerModule } from './rsvp-throttle';
import { RsvpController } from './rsvp.controller';
import { RsvpPagesController } from './rsvp.pages.controller';
import { RsvpService } from './rsvp.service';
import { StaffInvitationsService } from './staff-invitations.service';
import { WaveMail } from './wave-mail';

@Module({
  // The RSVP page shows the member's questions; questions need the invitations' SQL: a cycle, resolved lazily.
  imports: [
    MailModule,
    FeedbackModule,
    MeetupsModule,
    MembersModule,
    rsvpThrottlerModule,
    forwardRef(() => QuestionsModule),
  ],
  controllers: [
    RsvpController,
    RsvpPagesController,
    InvitationWavesController,
    InvitationsPagesController,
    CheckInController,
    CheckInPagesController,
  ],
  providers: [
    InvitationsRepository,
    InvitationMail,
    InvitationsService,
    RsvpService,
    InviteeSelectionRepository,
    InviteeSelectionService,
    InvitationWavesRepository,
    InvitationWavesService,
    InvitationWithdrawalService,
    LowTurnoutService,
    StaffInvitationsService,
    WaveMail,
    AttendeeMail,
    MeetupTimelineRepository,
    MeetupTimelineService,
    MeetupChangesService,
    MeetupInvitationsSection,
    CheckInRepository,
    CheckInService,
    InvitationsTickService,
  ],
  exports: [
    InvitationsRepository,
    InvitationMail,
    InvitationsService,
    RsvpService,
    InviteeSelectionService,
    InvitationWavesService,
    LowTurnoutService,
    InvitationsTickService,
    MeetupTimelineService,
    CheckInService,
  ],
})
export class InvitationsModule {}
