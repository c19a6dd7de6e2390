import { Logger } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { DataSource } from 'typeorm';

export interface SinkFailure {
  /** SMTP reply code, e.g. 451 (try again later) or 550 (rejected for good). */
  code: number;
  message: string;
}

/**
 * The embedded SMTP server used when no SMTP_URL is set: a real SMTP peer on
 * 127.0.0.1 that keeps what it receives in mailbox_messages (shown on the
 * Mailbox page), once per Message-ID. Tests use it as their SMTP server too,
 * and can make it refuse.
 */
export class MailSink {
  private readonly logger = new Logger('MailSink');
  private server?: SMTPServer;
  private failure: SinkFailure | null = null;
  private failuresLeft = 0;
  port = 0;

  constructor(private readonly dataSource: DataSource) {}

  /** Answer the next `times` messages with this SMTP error (Infinity: until cleared). */
  failWith(failure: SinkFailure | null, times = Infinity): void {
    this.failure = failure;
    this.failuresLeft = failure ? times : 0;
  }

  async start(port: number): Promise<number> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 30 * 1024 * 1024,
      // On stop, connections still open get "421 shutting down" after a second, not after the default 30 s.
      closeTimeout: 1000,
      onData: (stream, session, callback) => void this.receive(stream, session, callback),
    });
    this.server.on('error', (e) => this.logger.warn(`SMTP sink: ${e.message}`));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    return this.port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get running(): boolean {
    return !!this.server;
  }

  private async receive(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (err?: Error | null) => void,
  ): Promise<void> {
    try {
      const mail = await simpleParser(stream);
      if (this.failure && this.failuresLeft > 0) {
        this.failuresLeft -= 1;
        const error = new Error(this.failure.message) as Error & { responseCode: number };
        error.responseCode = this.failure.code;
        return callback(error);
      }
      const headers: Record<string, string> = {};
      for (const line of mail.headerLines) headers[line.key] = line.line.slice(line.key.length + 1).trim();
      // Stored before the 250 reply: once the sender hears "OK", the message is really here. A Message-ID seen
      // before is the same message sent again (its first outcome was unknown to the sender): counted, not kept twice.
      await this.dataSource.query(
        `INSERT INTO mailbox_messages (message_id, envelope_from, envelope_to, subject, html, text, headers, attachments)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (message_id) DO UPDATE SET copies = mailbox_messages.copies + 1`,
        [
          mail.messageId ?? null,
          session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          session.envelope.rcptTo.map((r) => r.address),
          mail.subject ?? '',
          typeof mail.html === 'string' ? mail.html : null,
          mail.text ?? null,
          JSON.stringify(headers),
          JSON.stringify(
            mail.attachments.map((a) => ({
              filename: a.filename ?? 'attachment',
              contentType: a.contentType,
              size: a.size,
              content: a.content.toString('base64'),
            })),
          ),
        ],
      );
      callback();
    } catch (error) {
      this.logger.error(`SMTP sink could not store a message: ${(error as Error).message}`);
      const temporary = new Error('Local storage failed, try again later') as Error & { responseCode: number };
      temporary.responseCode = 451;
      callback(temporary);
    }
  }
}
