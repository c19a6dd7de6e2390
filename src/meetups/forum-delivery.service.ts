import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { webhookRetryOptions } from '../common/signed-webhook';
import { translate } from '../common/strings';
import type PgBoss from 'pg-boss';
import { EntityManager } from 'typeorm';
import { Environment } from '../config/environment';
import { JobsService } from '../jobs/jobs.service';
import { meetupRefusal } from './announcement-publication';
import { AnnouncementsRepository } from './announcements.repository';
import { ForumChannel } from './forum-channel';
import { MeetupsService } from './meetups.service';

export const FORUM_QUEUE = 'forum-announce';
/** Jobs that ran out of attempts without a verdict (the worker died on the last one) land here. */
export const FORUM_GAVE_UP_QUEUE = 'forum-announce-gave-up';

interface ForumJob {
  meetupId: number;
  round: number;
}

/**
 * Sends queued announcements to the forum webhook, one job per publish. A
 * network error, 408, 429 or 5xx is retried by pg-boss with exponential
 * backoff (FORUM_RETRY_DELAY_SECONDS, doubled each time, up to
 * FORUM_RETRY_LIMIT retries); any other 4xx fails at once, for staff to read.
 */
@Injectable()
export class ForumDeliveryService implements OnModuleInit {
  private readonly logger = new Logger('Forum');

  constructor(
    private readonly env: Environment,
    private readonly jobs: JobsService,
    private readonly announcements: AnnouncementsRepository,
    private readonly meetups: MeetupsService,
    private readonly channel: ForumChannel,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.createQueue(FORUM_GAVE_UP_QUEUE);
    await this.jobs.createQueue(FORUM_QUEUE, { ...webhookRetryOptions(this.env), deadLetter: FORUM_GAVE_UP_QUEUE });
    await this.jobs.work<ForumJob>(FORUM_QUEUE, { batchSize: 1 }, async ([job]) => {
      // Throwing fails the job, and pg-boss retries it with backoff.
      if ((await this.deliver(job.data)) === 'retry') throw new Error('The forum did not take it yet; retrying.');
    });
    await this.jobs.work<ForumJob>(FORUM_GAVE_UP_QUEUE, { pollingIntervalSeconds: 30 }, async (jobs) => {
      for (const job of jobs) await this.giveUp(job);
    });
  }

  /** Queues delivery inside the caller's transaction: the job exists exactly when the "queued" state commits. */
  async enqueue(meetupId: number, round: number, manager: EntityManager): Promise<void> {
    // Options on the job itself, so a changed setting applies to new jobs on an existing queue.
    await this.jobs.send<ForumJob>(
      FORUM_QUEUE,
      { meetupId, round },
      { ...webhookRetryOptions(this.env), deadLetter: FORUM_GAVE_UP_QUEUE },
      manager,
    );
  }

  /** Lets this instance's worker fetch at once (after the enqueueing transaction committed). */
  wake(): void {
    this.jobs.notify(FORUM_QUEUE);
  }

  /** One attempt. 'retry' asks pg-boss for another one later. */
  async deliver({ meetupId, round }: ForumJob): Promise<'done' | 'retry'> {
    const claimed = await this.announcements.claim(meetupId, round);
    if (!claimed) return 'done'; // This round is over (or was replaced by a newer one): nothing to send.
    const meetup = await this.meetups.get(meetupId);
    const refusal = meetupRefusal(meetup.status);
    if (refusal) {
      const error = `Not sent: ${translate('en', refusal)}`; // the forum's record, in English like its answers
      await this.announcements.recordAttempt(meetupId, round, 'failed', {
        status: null,
        body: null,
        error,
        forumUrl: null,
      });
      return 'done';
    }
    const answer = await this.channel.post({
      idempotencyKey: claimed.idempotencyKey,
      meetupId,
      title: meetup.title,
      city: meetup.city,
      timeZone: meetup.timeZone,
      startsAt: meetup.startsAtUtc,
      startsLocal: meetup.startsAt,
      locale: claimed.sentLocale,
      markdown: claimed.sentMarkdown,
    });
    const lastTry = claimed.attempts > this.env.FORUM_RETRY_LIMIT;
    if (answer.outcome === 'published') {
      await this.announcements.recordAttempt(meetupId, round, 'published', answer);
      this.logger.log(`Meetup ${meetupId}: announcement published (${answer.status}) ${answer.forumUrl ?? ''}`);
      return 'done';
    }
    if (answer.outcome === 'permanent' || lastTry) {
      const error =
        answer.outcome === 'retry' ? `Gave up after ${claimed.attempts} attempts. ${answer.error}` : answer.error;
      await this.announcements.recordAttempt(meetupId, round, 'failed', { ...answer, error });
      this.logger.warn(`Meetup ${meetupId}: announcement failed: ${error}`);
      return 'done';
    }
    await this.announcements.recordAttempt(meetupId, round, 'queued', answer);
    this.logger.warn(
      `Meetup ${meetupId}: announcement attempt ${claimed.attempts} failed, will retry: ${answer.error}`,
    );
    return 'retry';
  }

  /** The job ran out of attempts without recording a verdict (e.g. the app died mid-send): say so. */
  private async giveUp(job: PgBoss.Job<ForumJob>): Promise<void> {
    const error = 'Gave up: the last attempt did not finish (the app stopped or the database was unreachable).';
    await this.announcements.recordAttempt(job.data.meetupId, job.data.round, 'failed', {
      status: null,
      body: null,
      error,
      forumUrl: null,
    });
  }
}
