import { Module } from '@nestjs/common';
import { CitiesModule } from '../cities/cities.module';
import { MeetupEvents } from './meetup-events';
import { MeetupsController } from './meetups.controller';
import { MeetupsRepository } from './meetups.repository';
import { MeetupsService } from './meetups.service';

@Module({
  imports: [CitiesModule],
  controllers: [MeetupsController],
  providers: [MeetupsRepository, MeetupsService, MeetupEvents],
  exports: [MeetupsService, MeetupEvents, MeetupsRepository],
})
export class MeetupsModule {}
