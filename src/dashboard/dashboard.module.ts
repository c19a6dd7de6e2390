import { Module } from '@nestjs/common';
import { CitiesModule } from '../cities/cities.module';
import { DashboardTasksModule } from '../dashboard-tasks/dashboard-tasks.module';
import { EngineersModule } from '../engineers/engineers.module';
import { MeetupsModule } from '../meetups/meetups.module';
import { DashboardPagesController } from './dashboard.pages.controller';

@Module({
  imports: [CitiesModule, EngineersModule, MeetupsModule, DashboardTasksModule],
  controllers: [DashboardPagesController],
})
export class DashboardModule {}
