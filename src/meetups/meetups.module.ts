import { Module } from '@nestjs/common';
import { CitiesModule } from '../cities/cities.module';
import { DashboardTasksModule } from '../dashboard-tasks/dashboard-tasks.module';
import { MeetupsDashboardTasks } from './meetups-dashboard-tasks';
import { Environment } from '../config/environment';
import { AnnouncementsController } from './announcements.controller';
import { AnnouncementsPagesController } from './announcements.pages.controller';
import { AnnouncementsRepository } from './announcements.repository';
import { AnnouncementsService } from './announcements.service';
import { ForumChannel, forumChannelFor } from './forum-channel';
import { ForumDeliveryService } from './forum-delivery.service';
import { MeetupEvents } from './meetup-events';
import { MeetupPageSections } from './meetup-page-sections';
import { MeetupsController } from './meetups.controller';
import { MeetupsPagesController } from './meetups.pages.controller';
import { MeetupsRepository } from './meetups.repository';
import { MeetupsService } from './meetups.service';
import { PlannerController } from './planner.controller';
import { PlannerPagesController } from './planner.pages.controller';
import { PlannerService } from './planner.service';
import { SchedulePagesController } from './schedule.pages.controller';

@Module({
  imports: [CitiesModule, DashboardTasksModule],
  controllers: [
    MeetupsController,
    MeetupsPagesController,
    PlannerController,
    PlannerPagesController,
    SchedulePagesController,
    AnnouncementsController,
    AnnouncementsPagesController,
  ],
  providers: [
    MeetupsRepository,
    MeetupsService,
    MeetupEvents,
    MeetupPageSections,
    PlannerService,
    AnnouncementsRepository,
    AnnouncementsService,
    ForumDeliveryService,
    MeetupsDashboardTasks,
    // The webhook when FORUM_WEBHOOK_URL is set; otherwise staff post by hand.
    { provide: ForumChannel, inject: [Environment], useFactory: forumChannelFor },
  ],
  exports: [MeetupsService, MeetupEvents, MeetupPageSections, AnnouncementsService],
})
export class MeetupsModule {}
