import { setImmediate as nextTurn } from 'node:timers/promises';
import nodemailer, { Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
  attachments: { filename: string; contentType: string; content: string; encoding: 'base64' }[];
}

/**
 * SMTP with pooled connections, to the relay in SMTP_URL or to the embedded
 * sink. A 5xx reply is permanent; anything else (4xx, refused, timeouts) is
 * worth another try.
 */
export class MailTransport {
  private readonly transporter: Transporter<SMTPPool.SentMessageInfo>;
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(url: string, maxConnections: number) {
    this.free = maxConnections;
    this.transporter = nodemailer.createTransport({
      url,
      pool: true,
      maxConnections,
      maxMessages: 1000,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as SMTPPool.Options);
  }

  /**
   * Sends what `build` makes as soon as a pooled connection is free, and only
   * then calls `build`: a batch waiting for the pool holds its rows, not its
   * rendered messages, so rendered mail lives milliseconds and dies young.
   * One build per turn of the event loop: a batch would otherwise start as many
   * renders (QR code PNGs, a few ms each) as there are free connections in one go
   * and stall the whole process meanwhile — RSVP answers included, whose
   * transactions hold a meetup's lock while they wait for their next result.
   */
  async send(build: () => OutgoingMail | Promise<OutgoingMail>): Promise<string> {
    try {
      return await this.sendNow(build);
    } catch (error) {
      if (isRelayUnreachable(error)) this.relayDownSince ??= Date.now();
      throw error;
    }
  }

  /**
   * Set when the relay could not be reached at all (refused, timed out, cut off); cleared once it answers.
   * Meanwhile the delivery worker holds its batch instead of failing message after message: each failure
   * would push that message back by its retry delay, and when the relay returns the order would be that of
   * the retry clocks, not of the queue's priorities.
   */
  relayDownSince?: number;

  /**
   * Asks the relay, every `everyMs`, whether it answers again (an SMTP greeting and EHLO); resolves true
   * once it does, false when `giveUp()` says to stop waiting (the caller's time is up, or the app stops).
   */
  async waitForRelay(everyMs: number, giveUp: () => boolean): Promise<boolean> {
    while (this.relayDownSince !== undefined) {
      if (giveUp()) return false;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
      const answers = await this.transporter.verify().then(
        () => true,
        () => false,
      );
      if (answers) this.relayDownSince = undefined;
    }
    return true;
  }

  private async sendNow(build: () => OutgoingMail | Promise<OutgoingMail>): Promise<string> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      await nextTurn();
      const info = await this.transporter.sendMail(await build());
      this.relayDownSince = undefined;
      return info.response;
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    }
  }

  close(): void {
    this.transporter.close();
  }
}

export function isPermanentFailure(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** The relay was not there (connection refused, timed out, cut off): no fault of the message. */
export function isRelayUnreachable(error: unknown): boolean {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  return (
    responseCode === undefined && typeof code === 'string' && ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET'].includes(code)
  );
}
