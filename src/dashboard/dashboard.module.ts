import { Module } from '@nestjs/common';
import { CitiesModule } from '../cities/cities.module';
import { EngineersModule } from '../engineers/engineers.module';
import { MeetupsModule } from '../meetups/meetups.module';
import { MembersModule } from '../members/members.module';
import { DashboardPagesController } from './dashboard.pages.controller';

@Module({
  imports: [MembersModule, CitiesModule, EngineersModule, MeetupsModule],
  controllers: [DashboardPagesController],
})
export class DashboardModule {}
