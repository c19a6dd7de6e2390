import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JobsService } from '../jobs/jobs.service';
import { AssignmentsService } from './assignments.service';

export const ENGINEER_BRIEFS_QUEUE = 'engineer-briefs';

/**
 * Mails each confirmed engineer their brief 3 days before the meetup: a pg-boss cron job (the
 * schedule lives in PostgreSQL, so several instances make one job), idempotent per assignment.
 * Every five minutes is plenty for a 3-day notice.
 */
@Injectable()
export class EngineerBriefsTickService implements OnModuleInit {
  private readonly logger = new Logger('EngineerBriefs');

  constructor(
    private readonly jobs: JobsService,
    private readonly assignments: AssignmentsService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.createQueue(ENGINEER_BRIEFS_QUEUE, { retryLimit: 0, expireInSeconds: 240 });
    await this.jobs.schedule(ENGINEER_BRIEFS_QUEUE, '*/5 * * * *');
    await this.jobs.work(ENGINEER_BRIEFS_QUEUE, { batchSize: 1 }, () => this.tick(new Date()));
  }

  async tick(now = new Date()): Promise<void> {
    try {
      await this.assignments.sendDueBriefs(now);
    } catch (error) {
      this.logger.error(`briefs failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
}
