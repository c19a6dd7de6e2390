import { Injectable, OnModuleInit } from '@nestjs/common';
import { BoardDigestsService } from './notices/board-digests.service';
import { BoardWebhooksService } from './webhooks/board-webhooks.service';

/**
 * The boards' pg-boss queues and workers, started one after the other: pg-boss creates a table per
 * queue, and two creations at once (Nest runs a module's init hooks side by side) can deadlock.
 */
@Injectable()
export class BoardJobs implements OnModuleInit {
  constructor(
    private readonly webhooks: BoardWebhooksService,
    private readonly digests: BoardDigestsService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.webhooks.start();
    await this.digests.start();
  }
}
