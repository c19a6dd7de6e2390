import { DashboardTasksModule } from '../dashboard-tasks/dashboard-tasks.module';
import { MatchingDashboardTasks } from './matching-dashboard-tasks';
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { EngineersModule } from '../engineers/engineers.module';
import { MailModule } from '../mail/mail.module';
import { MeetupsModule } from '../meetups/meetups.module';
import { ProductAreasModule } from '../product-areas/product-areas.module';
import { QuestionsModule } from '../questions/questions.module';
import { AssignmentsService } from './assignments.service';
import { EngineerBriefService } from './engineer-brief.service';
import { EngineerMail } from './engineer-mail';
import { EngineerBriefsTickService } from './engineer-briefs-tick.service';
import { EngineerMeetupsController } from './engineer-meetups.controller';
import { EngineerMeetupsPagesController } from './engineer-meetups.pages.controller';
import { MatchingController } from './matching.controller';
import { MatchingPagesController } from './matching.pages.controller';
import { MatchingRepository } from './matching.repository';
import { MatchingService } from './matching.service';
import { MeetupAccessService } from './meetup-access.service';
import { MeetupDemandService } from './meetup-demand.service';
import { MeetupEngineersSection } from './meetup-engineers-section';

/**
 * Engineers matched to meetups, and what engineers see of them. Exports MeetupAccessService: the
 * one per-resource check (an engineer sees only meetups they are confirmed for) that boards and
 * feedback reuse.
 */
@Module({
  imports: [
    DashboardTasksModule,
    AccountsModule,
    EngineersModule,
    MailModule,
    MeetupsModule,
    ProductAreasModule,
    QuestionsModule,
  ],
  controllers: [MatchingController, MatchingPagesController, EngineerMeetupsController, EngineerMeetupsPagesController],
  providers: [
    MatchingRepository,
    MatchingService,
    MeetupDemandService,
    AssignmentsService,
    EngineerBriefService,
    EngineerMail,
    MeetupAccessService,
    MeetupEngineersSection,
    EngineerBriefsTickService,
    MatchingDashboardTasks,
  ],
  exports: [MeetupAccessService, AssignmentsService],
})
export class MatchingModule {}
