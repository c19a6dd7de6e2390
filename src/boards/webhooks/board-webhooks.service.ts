import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Environment, publicUrl } from '../../config/environment';
import { JobsService } from '../../jobs/jobs.service';
import type { BoardItemRow } from '../items/board-items.repository';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookRetryOptions } from '../../common/signed-webhook';
import { BoardEvent, BoardEventBody, boardEventSignature, webhookOutcome } from './board-webhook';

export const BOARD_WEBHOOK_QUEUE = 'board-webhook';

/**
 * Board events for the forum: each is queued as a pg-boss job in the transaction of the change it
 * reports (so it exists exactly when the change commits), then POSTed signed; 408, 429, 5xx and
 * network errors are retried with backoff (FORUM_RETRY_LIMIT, FORUM_RETRY_DELAY_SECONDS).
 */
@Injectable()
export class BoardWebhooksService {
  private readonly logger = new Logger('BoardWebhooks');

  constructor(
    private readonly env: Environment,
    private readonly jobs: JobsService,
  ) {}

  /** Its queue and workers; board-jobs.ts calls it at start-up. */
  async start(): Promise<void> {
    await this.jobs.createQueue(BOARD_WEBHOOK_QUEUE, webhookRetryOptions(this.env));
    await this.jobs.work<BoardEventBody>(BOARD_WEBHOOK_QUEUE, { batchSize: 1 }, async ([job]) => {
      await this.deliver(job.data);
    });
  }

  /** Queues the event in `manager`'s transaction; nothing when no BOARD_WEBHOOK_URL is set. */
  async queue(
    manager: EntityManager,
    event: BoardEvent,
    item: BoardItemRow,
    boardSlug: string,
    release?: { id: string; title: string },
  ): Promise<void> {
    if (!this.env.BOARD_WEBHOOK_URL) return;
    const base = publicUrl(this.env);
    const body: BoardEventBody = {
      eventId: randomUUID(),
      event,
      occurredAt: new Date().toISOString(),
      item: {
        id: item.id,
        url: `${base}/board-items/${item.id}`,
        badgeUrl: `${base}/board-items/${item.id}/badge.svg`,
        title: item.title,
        board: boardSlug,
        status: item.status,
        engineerId: item.handlerCode,
        votes: item.voteCount,
        mergedIntoId: item.mergedIntoId,
      },
      ...(release ? { release } : {}),
    };
    await this.jobs.send(BOARD_WEBHOOK_QUEUE, body, webhookRetryOptions(this.env), manager);
  }

  wake(): void {
    this.jobs.notify(BOARD_WEBHOOK_QUEUE);
  }

  /** One attempt; throwing makes pg-boss retry it later. */
  async deliver(body: BoardEventBody): Promise<void> {
    const url = this.env.BOARD_WEBHOOK_URL;
    if (!url) return;
    const raw = JSON.stringify(body);
    const timestamp = String(Math.floor(Date.now() / 1000));
    let status: number;
    try {
      const answer = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Meetloop-Event': body.event,
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: boardEventSignature(this.env.BOARD_WEBHOOK_SECRET!, timestamp, raw),
        },
        body: raw,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.env.FORUM_TIMEOUT_SECONDS * 1000),
      });
      status = answer.status;
      await answer.arrayBuffer().catch(() => undefined);
    } catch (error) {
      throw new Error(`Board webhook ${body.event} for item ${body.item.id}: ${(error as Error).message}; retrying.`, {
        cause: error,
      });
    }
    const outcome = webhookOutcome(status);
    if (outcome === 'retry') throw new Error(`Board webhook answered ${status}; retrying.`);
    if (outcome === 'permanent')
      this.logger.warn(`Board webhook ${body.event} for item ${body.item.id} refused with ${status}; not retried.`);
  }
}
