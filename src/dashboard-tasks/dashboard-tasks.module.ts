import { Module } from '@nestjs/common';
import { DashboardTasks } from './dashboard-tasks';

/** The hook others add their dashboard tasks to (see DashboardTasks); imports nothing. */
@Module({ providers: [DashboardTasks], exports: [DashboardTasks] })
export class DashboardTasksModule {}
