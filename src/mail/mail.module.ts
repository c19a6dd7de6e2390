import { Module } from '@nestjs/common';
import { DashboardTasksModule } from '../dashboard-tasks/dashboard-tasks.module';
import { MembersModule } from '../members/members.module';
import { MailDashboardTasks } from './mail-dashboard-tasks';
import { MailOutboxService } from './mail-outbox.service';
import { MailboxController } from './mailbox.controller';
import { MailboxPagesController } from './mailbox.pages.controller';
import { MailboxRepository } from './mailbox.repository';
import { OutboxRepository } from './outbox.repository';
import { UnsubscribePagesController } from './unsubscribe.pages.controller';

@Module({
  imports: [MembersModule, DashboardTasksModule],
  controllers: [MailboxController, MailboxPagesController, UnsubscribePagesController],
  providers: [OutboxRepository, MailboxRepository, MailOutboxService, MailDashboardTasks],
  exports: [MailOutboxService],
})
export class MailModule {}
