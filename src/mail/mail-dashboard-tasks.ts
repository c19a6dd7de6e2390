import { Injectable, OnModuleInit } from '@nestjs/common';
import { DashboardTasks } from '../dashboard-tasks/dashboard-tasks';
import { message } from '../common/strings';
import { OutboxRepository } from './outbox.repository';

/** The dashboard's mail task: dead letters wait for staff to press "retry" on the Mailbox page. */
@Injectable()
export class MailDashboardTasks implements OnModuleInit {
  constructor(
    private readonly tasks: DashboardTasks,
    private readonly outbox: OutboxRepository,
  ) {}

  onModuleInit(): void {
    this.tasks.add(async () => {
      const dead = await this.outbox.deadLetters();
      if (dead.count === 0) return [];
      return [
        { text: message('task.deadLetters', { count: dead.count }), href: '/mailbox#dead-title', due: dead.oldest! },
      ];
    });
  }
}
