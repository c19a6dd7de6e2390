import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A local SMTP server that only counts what it receives, by Message-ID. */
export class CountingSink {
  readonly byMessageId = new Map<string, number>();
  received = 0;
  /** Message-IDs in the order they arrived (a fault test checks the order of priorities). */
  readonly order: string[] = [];
  /** Called for each message once it is fully received and before the 250 reply: a crash test kills the app here. */
  onArrival?: (count: number, messageId: string) => void;
  private server?: SMTPServer;

  /** Listens on `port` (0: any free one); a fault test starts it again on its old port after `stop`. */
  async start(port = 0): Promise<number> {
    this.server = new SMTPServer({
      authOptional: true,
      // Stopping cuts the connections at once, as a relay that went down would.
      closeTimeout: 10,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // Reads only the header block for the Message-ID: the server's own cost should not weigh on the figure.
      onData: (stream, _session, callback) => {
        let head = '';
        stream.on('data', (chunk: Buffer) => {
          if (head.length < 16_384 && !head.includes('\r\n\r\n')) head += chunk.toString('latin1');
        });
        stream.on('end', () => {
          const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '';
          this.byMessageId.set(id, (this.byMessageId.get(id) ?? 0) + 1);
          this.received += 1;
          this.order.push(id);
          this.onArrival?.(this.received, id);
          callback();
        });
      },
    });
    // A client killed mid-message resets its connection (ECONNRESET): expected in a crash test, not fatal.
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', () => resolve()));
    return (this.server.server.address() as AddressInfo).port;
  }

  /** Forgets what arrived so far (after a baseline run). */
  reset(): void {
    this.byMessageId.clear();
    this.received = 0;
    this.order.length = 0;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
