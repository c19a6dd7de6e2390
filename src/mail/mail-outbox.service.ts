import { Injectable, Logger, NotFoundException, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { DataSource, EntityManager } from 'typeorm';
import { Environment, publicUrl } from '../config/environment';
import { runsJobs } from '../config/role';
import { JobsService } from '../jobs/jobs.service';
import type { Locale } from '../common/locale';
import { whileDatabaseTroubled } from '../common/database-trouble';
import { isPermanentFailure, MailTransport, OutgoingMail } from './mail-transport';
import { MailRenderer } from './mail-renderer';
import { MailSink } from './mail-sink';
import { MailAttachment, OutboxMessage, OutboxState } from './outbox-message.entity';
import { AttemptFailure, NewOutboxMessage, OutboxRepository, outboxRecord, QueuedMessage } from './outbox.repository';
import { SentMarks } from './sent-marks';
import { openSealedValues, sealValues } from './sealed-values';
import { unsubscribeToken } from './unsubscribe-link';

export const DELIVERY_QUEUE = 'mail-deliver';
const SWEEP_AT_MOST_EVERY_MS = 30_000;
const DELIVERY_WORKERS = 2;
const SEALED_KEY = '_sealed';
/** How often a worker asks a relay that stopped answering whether it is back. */
const RELAY_PROBE_MS = 2000;

/**
 * Mail to many at once waits behind mail that answers what one person just did (an RSVP's confirmation,
 * a sign-in link) or runs on a clock (a seat offer): after the relay was down, a confirmation goes before
 * the rest of a 10,000-invitation wave. pg-boss fetches jobs by priority, then by age.
 */
const BULK_TEMPLATES = new Set([
  'invitation',
  'reminder',
  'feedback-request',
  'feedback-reminder',
  'board-digest',
  'meetup-updated',
  'meetup-cancelled',
  'low-turnout',
  'invitation-withdrawn',
  'engineer-brief',
  'notice',
]);
export const PERSONAL_MAIL_PRIORITY = 10;
export const mailPriority = (template: string): number => (BULK_TEMPLATES.has(template) ? 0 : PERSONAL_MAIL_PRIORITY);
const UNSUBSCRIBE_KEY = '_unsubscribe';

export interface MailRequest {
  /** Same key, same message: a second enqueue with it is a no-op. */
  idempotencyKey: string;
  to: string;
  /** The member it is for: adds the unsubscribe link and headers, and is skipped once they unsubscribed. */
  memberId?: string | null;
  template: string;
  locale: Locale;
  data: Record<string, unknown>;
  /** Values that are credentials (RSVP links): stored sealed, opened only to render the message. */
  secrets?: Record<string, string>;
  attachments?: MailAttachment[];
  /**
   * Mail of a list of its own with its own one-click unsubscribe (board mail): this link replaces the
   * invitations' one in the message and its List-Unsubscribe headers, and the layout names the list.
   * Pass no memberId with it: the invitations' unsubscribe then does not hold this mail back; the
   * sender keeps and checks its own list.
   */
  unsubscribe?: { url: string; list: 'boards' };
}

/** An attachment as nodemailer takes it; QR codes are drawn here, by the worker, not in the request that queued them. */
async function attachmentFor(a: MailAttachment): Promise<OutgoingMail['attachments'][number]> {
  const { qrCode, ...rest } = a;
  const content =
    qrCode !== undefined
      ? (
          await QRCode.toBuffer(qrCode, {
            type: 'png',
            margin: 2,
            width: 240,
            // Grey scale: a QR code has two colours, and the default RGBA makes the PNG several times slower.
            // Filter "up" only: each module is several pixel rows tall, so most rows filter to zeros; pngjs's
            // default tries all five filters on every row, a quarter of the render, and the file is no smaller.
            // The worker shares the event loop with RSVP answers that hold a meetup's lock meanwhile.
            rendererOpts: { colorType: 0, filterType: 2 } as QRCode.QRCodeToBufferOptions['rendererOpts'],
          })
        ).toString('base64')
      : (a.content ?? '');
  return { ...rest, content, encoding: 'base64' as const };
}

/**
 * The one way the app sends mail. `enqueue` writes the message and its delivery
 * job inside the caller's transaction; the worker renders and sends it.
 *
 * Exactly once, honestly: a message is claimed by one worker at a time and
 * marked sent after the SMTP server's 250. If the process dies between that
 * 250 and the mark, the outcome is unknown and the message is sent again after
 * its lease runs out — with the same Message-ID, so receiving systems and the
 * embedded sink can recognise the duplicate. SMTP offers nothing stronger.
 */
@Injectable()
export class MailOutboxService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly renderer = new MailRenderer();
  private transport?: MailTransport;
  private sweeper?: NodeJS.Timeout;
  readonly sink: MailSink;
  /** Jobs per worker fetch: more than the pool has connections, so none idles while a message is rendered. */
  private readonly batchSize: number;
  /** The domain of Message-IDs. */
  private readonly host: string;

  constructor(
    private readonly env: Environment,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly jobs: JobsService,
  ) {
    this.sink = new MailSink(dataSource);
    this.batchSize = env.MAIL_CONCURRENCY * 5;
    this.host = new URL(publicUrl(env)).hostname;
  }

  async onModuleInit(): Promise<void> {
    let url = this.env.SMTP_URL;
    if (!url) {
      const port = await this.sink.start(this.env.SMTP_SINK_PORT);
      url = `smtp://127.0.0.1:${port}`;
      this.logger.log(`No SMTP_URL: mail goes to the embedded sink on 127.0.0.1:${port} (see the Mailbox page)`);
    }
    this.transport = new MailTransport(url, this.env.MAIL_CONCURRENCY);
    await this.jobs.createQueue(DELIVERY_QUEUE, {
      retryLimit: this.env.MAIL_RETRY_LIMIT,
      retryDelay: this.env.MAIL_RETRY_DELAY_SECONDS,
      retryBackoff: true,
      expireInSeconds: this.env.MAIL_LEASE_SECONDS * 2,
    });
    // Two workers share the SMTP pool: while one does its database round trips (fetch, claim, complete),
    // the other's messages keep every connection busy.
    for (let i = 0; i < DELIVERY_WORKERS; i++) {
      await this.jobs.work<{ outboxId: string }>(
        DELIVERY_QUEUE,
        { batchSize: this.batchSize, pollingIntervalSeconds: 1 },
        (jobs) => this.deliverJobs(jobs),
      );
    }
    if (runsJobs(this.env)) {
      // A message left 'sending' by a dead worker is due again when its lease ends: look at least that often.
      const every = Math.min(SWEEP_AT_MOST_EVERY_MS, this.env.MAIL_LEASE_SECONDS * 1000);
      this.sweeper = setInterval(() => void this.sweep(), every);
      this.sweeper.unref();
      void this.sweep();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    this.transport?.close();
    await this.sink.stop();
  }

  /**
   * Writes the message and its delivery job in `manager`'s transaction. Returns
   * the outbox id, or null when the key was used before or the member unsubscribed.
   */
  async enqueue(manager: EntityManager, request: MailRequest): Promise<string | null> {
    const [id] = await this.enqueueMany(manager, [request]);
    return id ?? null;
  }

  /**
   * Many messages in two statements (an invitation wave): rows, then their jobs. Messages to members
   * who unsubscribed are left out by the first. Returns the new ids.
   */
  async enqueueMany(manager: EntityManager, requests: MailRequest[]): Promise<string[]> {
    const queued = await this.outbox.insertMany(
      manager,
      requests.map((r) => this.message(r)),
    );
    await this.queueJobs(queued, manager);
    return queued.map((m) => m.id);
  }

  /**
   * The outbox row of a message, as JSON, for SQL that writes the row itself (and its job in DELIVERY_QUEUE)
   * in the same statement as the change that causes it: the rsvp_seek_seat function. Secrets are sealed here.
   */
  outboxRecord(request: MailRequest): ReturnType<typeof outboxRecord> & { job_priority: number } {
    // The delivery job's priority travels with the row: rsvp_seek_seat writes both in one statement.
    return { ...outboxRecord(this.message(request)), job_priority: mailPriority(request.template) };
  }

  private message(r: MailRequest): NewOutboxMessage {
    return {
      idempotencyKey: r.idempotencyKey,
      messageId: `<${randomUUID()}@${this.host}>`,
      recipient: r.to,
      memberId: r.memberId ?? null,
      template: r.template,
      locale: r.locale,
      data: {
        ...r.data,
        ...(r.secrets ? { [SEALED_KEY]: sealValues(this.env.APP_SECRET!, r.secrets) } : {}),
        ...(r.unsubscribe ? { [UNSUBSCRIBE_KEY]: r.unsubscribe } : {}),
      },
      attachments: r.attachments ?? [],
    };
  }

  /** Enqueues in a transaction of its own and wakes the worker. */
  async send(request: MailRequest): Promise<string | null> {
    const id = await this.dataSource.transaction((manager) => this.enqueue(manager, request));
    this.jobs.notify(DELIVERY_QUEUE);
    return id;
  }

  /** A worker's batch: delivered jobs complete; each temporary failure fails its job, which pg-boss retries with backoff. */
  private async deliverJobs(jobs: { id: string; data: { outboxId: string } }[]): Promise<void> {
    const failed = await this.deliverBatch(jobs.map((job) => job.data.outboxId));
    const byReason = new Map<string, string[]>();
    for (const job of jobs) {
      const reason = failed.get(job.data.outboxId);
      if (reason !== undefined) byReason.set(reason, [...(byReason.get(reason) ?? []), job.id]);
    }
    for (const [reason, jobIds] of byReason) await this.jobs.fail(DELIVERY_QUEUE, jobIds, reason);
    // A full batch means more is waiting: fetch again at once instead of after the polling pause.
    if (jobs.length >= this.batchSize) this.jobs.notify(DELIVERY_QUEUE);
  }

  /**
   * Sends a batch: one statement claims the messages still due; the SMTP pool
   * sends them side by side, each rendered just before it goes; each is marked
   * sent right after its 250 (a few per statement); failures end in one
   * statement per kind. Returns the ids that failed temporarily, with why.
   */
  async deliverBatch(outboxIds: string[]): Promise<Map<string, string>> {
    await this.waitForRelay();
    const leaseMs = this.env.MAIL_LEASE_SECONDS * 1000;
    // A database restart or a spell of read-only should not cost a batch its turn (its jobs would wait for
    // pg-boss to expire them): the claim is tried again meanwhile, within half the lease it is about to take.
    const messages = await whileDatabaseTroubled(
      () => this.outbox.claimMany(outboxIds, this.env.MAIL_LEASE_SECONDS),
      leaseMs / 2,
    );
    // A message sent but not marked is sent again once its lease ends: while the database is away or refuses
    // writes, the marks wait for it, for up to half the lease (the lease started at the claim, before the sending).
    const marks = new SentMarks((ids) => whileDatabaseTroubled(() => this.outbox.markSentMany(ids), leaseMs / 2));
    const retry: AttemptFailure[] = [];
    const dead: AttemptFailure[] = [];
    await Promise.all(
      messages.map(async (message) => {
        try {
          await this.transport!.send(() => this.compose(message));
          marks.add(message.id);
        } catch (error) {
          const failure = {
            id: message.id,
            attempts: message.attempts,
            error: error instanceof Error ? error.message : String(error),
          };
          if (isPermanentFailure(error) || message.attempts > this.env.MAIL_RETRY_LIMIT) {
            dead.push(failure);
            // By id, not address: the log must not keep what erasing a member removes (the Mailbox shows the recipient).
            this.logger.warn(
              `Message ${message.messageId}${message.memberId ? ` to member ${message.memberId}` : ''} is a dead letter: ${failure.error}`,
            );
          } else {
            retry.push(failure);
          }
        }
      }),
    );
    await Promise.all([marks.flush(), this.outbox.releaseMany(retry), this.outbox.markDeadMany(dead)]);
    return new Map(retry.map((f) => [f.id, f.error]));
  }

  /**
   * While the relay does not answer, a worker holds its batch (its jobs stay active, in pg-boss's
   * order) and asks the relay every few seconds, up to the lease, instead of failing every message.
   */
  private async waitForRelay(): Promise<void> {
    if (this.transport?.relayDownSince === undefined) return;
    const until = Date.now() + this.env.MAIL_LEASE_SECONDS * 1000;
    await this.transport.waitForRelay(RELAY_PROBE_MS, () => Date.now() > until || this.jobs.isStopping);
  }

  /** A dead letter gets a new chance, with its original Message-ID. */
  async retry(id: string): Promise<void> {
    if (!(await this.outbox.revive(id))) throw new NotFoundException(`There is no dead letter ${id}.`);
    await this.jobs.send(DELIVERY_QUEUE, { outboxId: id });
    this.jobs.notify(DELIVERY_QUEUE);
  }

  list(state?: OutboxState, limit = 100): Promise<OutboxMessage[]> {
    return this.outbox.list(state, limit);
  }

  counts() {
    return this.outbox.counts();
  }

  private async compose(message: OutboxMessage): Promise<OutgoingMail> {
    const base = publicUrl(this.env);
    const { [SEALED_KEY]: sealed, [UNSUBSCRIBE_KEY]: ownList, ...data } = message.data;
    const list = ownList as { url: string; list: string } | undefined;
    const unsubscribeUrl = list
      ? list.url
      : message.memberId
        ? `${base}/unsubscribe/${unsubscribeToken(this.env.APP_SECRET!, message.memberId)}`
        : undefined;
    const rendered = this.renderer.render(message.template, message.locale, {
      ...data,
      ...(typeof sealed === 'string' ? openSealedValues(this.env.APP_SECRET!, sealed) : {}),
      baseUrl: base,
      unsubscribeUrl,
      unsubscribeList: list?.list ?? 'invitations',
    });
    return {
      from: this.env.MAIL_FROM,
      to: message.recipient,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      messageId: message.messageId,
      headers: unsubscribeUrl
        ? { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
        : ({} as Record<string, string>),
      attachments: await Promise.all(message.attachments.map(attachmentFor)),
    };
  }

  private async queueJobs(messages: QueuedMessage[], manager?: EntityManager): Promise<void> {
    const priority = new Map(messages.map((m) => [m.id, mailPriority(m.template)]));
    await this.jobs.sendMany(
      DELIVERY_QUEUE,
      messages.map((m) => ({ outboxId: m.id })),
      manager,
      (job) => priority.get(job.outboxId) ?? 0,
    );
  }

  /** Re-queues messages whose job was lost or whose worker died mid-send. */
  private async sweep(): Promise<void> {
    try {
      const stalled = await this.outbox.stalled(300, 500);
      if (stalled.length === 0) return;
      await this.queueJobs(stalled);
      this.jobs.notify(DELIVERY_QUEUE);
    } catch (error) {
      this.logger.warn(`Mail sweep failed: ${(error as Error).message}`);
    }
  }
}
