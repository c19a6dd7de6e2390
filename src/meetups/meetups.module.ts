import { Module } from '@nestjs/common';
import { CitiesModule } from '../cities/cities.module';
import { MeetupEvents } from './meetup-events';
import { MeetupsController } from './meetups.controller';
import { MeetupsRepository } from './meetups.repository';
import { MeetupsService } from './meetups.service';
import { PlannerController } from './planner.controller';
import { PlannerService } from './planner.service';

@Module({
  imports: [CitiesModule],
  controllers: [MeetupsController, PlannerController],
  providers: [MeetupsRepository, MeetupsService, MeetupEvents, PlannerService],
  exports: [MeetupsService, MeetupEvents, MeetupsRepository],
})
export class MeetupsModule {}
