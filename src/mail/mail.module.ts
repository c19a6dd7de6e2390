import { Module } from '@nestjs/common';
import { MembersModule } from '../members/members.module';
import { MailOutboxService } from './mail-outbox.service';
import { MailboxController } from './mailbox.controller';
import { MailboxPagesController } from './mailbox.pages.controller';
import { MailboxRepository } from './mailbox.repository';
import { OutboxRepository } from './outbox.repository';
import { UnsubscribePagesController } from './unsubscribe.pages.controller';

@Module({
  imports: [MembersModule],
  controllers: [MailboxController, MailboxPagesController, UnsubscribePagesController],
  providers: [OutboxRepository, MailboxRepository, MailOutboxService],
  exports: [MailOutboxService],
})
export class MailModule {}
