import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Environment, publicUrl } from '../../config/environment';
import { JobsService } from '../../jobs/jobs.service';
import { DELIVERY_QUEUE, MailOutboxService } from '../../mail/mail-outbox.service';
import type { Locale } from '../../common/locale';
import { MembersService } from '../../members/members.service';
import { BoardStatus, MILESTONES } from '../items/board-status';
import { boardsStrings } from '../boards.strings';
import { boardUnsubscribeToken } from './board-unsubscribe-link';
import { BoardNoticesRepository } from './board-notices.repository';

export const BOARD_DIGEST_QUEUE = 'board-digest';
const BATCH = 200;

/**
 * Telling people: a milestone (planned, shipped, declined) becomes a waiting notice for the item's author,
 * voters and followers in the change's own transaction, with a delayed digest job. The job sends each
 * member at most one digest a day, listing every milestone since their last, in their language, with a
 * one-click unsubscribe from board mail only. Members still inside their day wait for the schedule.
 */
@Injectable()
export class BoardDigestsService {
  private readonly logger = new Logger('BoardDigests');

  constructor(
    private readonly env: Environment,
    private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly notices: BoardNoticesRepository,
    private readonly members: MembersService,
    private readonly mail: MailOutboxService,
  ) {}

  /** Its queue and workers; board-jobs.ts calls it at start-up. */
  async start(): Promise<void> {
    await this.jobs.createQueue(BOARD_DIGEST_QUEUE, { retryLimit: 5, retryDelay: 60, retryBackoff: true });
    await this.jobs.work(BOARD_DIGEST_QUEUE, { batchSize: 1, pollingIntervalSeconds: 5 }, async () => {
      await this.sendDue();
    });
    // Members whose day had not passed when their milestone came are picked up by the schedule.
    await this.jobs.schedule(BOARD_DIGEST_QUEUE, '*/10 * * * *');
  }

  /** In the transaction of the status change: notices for everyone concerned, and the digest job. */
  async milestone(manager: EntityManager, itemId: string, status: BoardStatus): Promise<void> {
    if (!MILESTONES.includes(status)) return;
    if ((await this.notices.queueFor(manager, itemId, status)) === 0) return;
    await this.jobs.send(BOARD_DIGEST_QUEUE, {}, { startAfter: this.env.BOARD_DIGEST_DELAY_SECONDS }, manager);
  }

  /** Sends every due digest; returns how many went. Safe to run on several instances at once. */
  async sendDue(): Promise<number> {
    let sent = 0;
    for (;;) {
      const due = await this.notices.due(BATCH);
      let progressed = 0;
      for (const { memberId } of due) {
        try {
          if (await this.sendOne(memberId)) progressed += 1;
        } catch (error) {
          this.logger.warn(`Board digest for member ${memberId} failed: ${(error as Error).message}`);
        }
      }
      sent += progressed;
      if (due.length < BATCH || progressed === 0) break;
    }
    if (sent > 0) this.jobs.notify(DELIVERY_QUEUE);
    return sent;
  }

  private async sendOne(memberId: string): Promise<boolean> {
    const member = await this.members.get(memberId);
    const locale = (member.locale === 'zh-CN' ? 'zh-CN' : 'en') as Locale;
    const base = publicUrl(this.env);
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.notices.claimDigest(manager, memberId))) return false;
      const key = `board-digest-${memberId}-${Date.now()}`;
      const lines = await this.notices.take(manager, memberId, key);
      if (lines.length === 0) return false;
      const words = boardsStrings[locale];
      await this.mail.enqueue(manager, {
        idempotencyKey: key,
        to: member.email,
        template: 'board-digest',
        locale,
        data: {
          name: member.name,
          count: lines.length,
          items: lines.map((l) => ({
            title: l.title,
            status: words[`boards.status.${l.status}` as keyof typeof words],
            release: l.releaseTitle,
            url: `${base}/board-items/${l.itemId}`,
          })),
          boardsUrl: `${base}/boards`,
        },
        unsubscribe: {
          url: `${base}/board-mail/unsubscribe/${boardUnsubscribeToken(this.env.APP_SECRET!, memberId)}`,
          list: 'boards',
        },
      });
      return true;
    });
  }

  unsubscribe(memberId: string): Promise<void> {
    return this.notices.unsubscribe(memberId);
  }

  isUnsubscribed(memberId: string): Promise<boolean> {
    return this.notices.isUnsubscribed(memberId);
  }
}
