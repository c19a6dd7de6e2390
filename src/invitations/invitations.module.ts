import { Module } from '@nestjs/common';
import { DashboardTasksModule } from '../dashboard-tasks/dashboard-tasks.module';
import { MailModule } from '../mail/mail.module';
import { MeetupsModule } from '../meetups/meetups.module';
import { MembersModule } from '../members/members.module';
import { CheckInController } from './attendance/check-in.controller';
import { CheckInPagesController } from './attendance/check-in.pages.controller';
import { CheckInRepository } from './attendance/check-in.repository';
import { CheckInService } from './attendance/check-in.service';
import { AttendanceRecordService } from './attendance/attendance-record.service';
import { RemindersService } from './attendance/reminders.service';
import { AttendeeMail } from './core/attendee-mail';
import { InvitationMail } from './core/invitation-mail';
import { InvitationsCoreModule } from './core/invitations-core.module';
import { InvitationsRepository } from './core/invitations.repository';
import { MeetupTimelineRepository } from './core/meetup-timeline.repository';
import { rsvpThrottlerModule } from './core/rsvp-throttle';
import { InvitationsTickService } from './invitations-tick.service';
import { MeetupChangesService } from './rsvp/meetup-changes.service';
import { RsvpPageAgain } from './rsvp/rsvp-page-again';
import { RsvpController } from './rsvp/rsvp.controller';
import { RsvpPagesController } from './rsvp/rsvp.pages.controller';
import { RsvpDeadlineService } from './rsvp/rsvp-deadline.service';
import { RsvpService } from './rsvp/rsvp.service';
import { SeatsRepository } from './rsvp/seats.repository';
import { SeatSeekingService } from './rsvp/seat-seeking.service';
import { InvitationWavesController } from './selection/invitation-waves.controller';
import { InvitationWavesRepository } from './selection/invitation-waves.repository';
import { InvitationWavesService } from './selection/invitation-waves.service';
import { InvitationWithdrawalService } from './selection/invitation-withdrawal.service';
import { InvitationsDashboardTasks } from './selection/invitations-dashboard-tasks';
import { InvitationsPagesController } from './selection/invitations.pages.controller';
import { WaveSendingService } from './selection/wave-sending.service';
import { InviteeSelectionRepository } from './selection/invitee-selection.repository';
import { InviteeSelectionService } from './selection/invitee-selection.service';
import { LowTurnoutService } from './selection/low-turnout.service';
import { MeetupInvitationsSection } from './selection/meetup-invitations-section';
import { InvitationsOverviewService } from './selection/invitations-overview.service';
import { WaveMail } from './selection/wave-mail';

/**
 * Invitations, composed of their parts: core/ (the invitation, its link, mail basics: the only part other
 * modules import, through InvitationsCoreModule), selection/ (the staff's desk: who is invited, waves,
 * low turnout, withdrawal), rsvp/ (the members' answers, seats and the RSVP page) and attendance/ (the
 * door, reminders, no-shows). The parts share core's SQL (InvitationsRepository, MeetupTimelineRepository),
 * so this module provides it to them; InvitationsCoreModule keeps its own copy behind its services.
 */
@Module({
  imports: [InvitationsCoreModule, MailModule, MeetupsModule, MembersModule, DashboardTasksModule, rsvpThrottlerModule],
  controllers: [
    RsvpController,
    RsvpPagesController,
    InvitationWavesController,
    InvitationsPagesController,
    CheckInController,
    CheckInPagesController,
  ],
  providers: [
    // core
    InvitationsRepository,
    MeetupTimelineRepository,
    InvitationMail,
    AttendeeMail,
    // selection
    WaveSendingService,
    InviteeSelectionRepository,
    InviteeSelectionService,
    InvitationWavesRepository,
    InvitationWavesService,
    InvitationWithdrawalService,
    LowTurnoutService,
    InvitationsOverviewService,
    WaveMail,
    MeetupInvitationsSection,
    InvitationsDashboardTasks,
    // rsvp
    SeatsRepository,
    SeatSeekingService,
    RsvpService,
    RsvpPageAgain,
    MeetupChangesService,
    RsvpDeadlineService,
    // attendance
    CheckInRepository,
    CheckInService,
    RemindersService,
    AttendanceRecordService,
    // the minute tick: its steps, in order
    InvitationsTickService,
  ],
})
export class InvitationsModule {}
