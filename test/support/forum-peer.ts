import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ForumRequest {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** The HMAC in X-Meetloop-Signature matched the raw body and timestamp, computed here independently. */
  signatureValid: boolean;
}

export interface ForumReply {
  status: number;
  body?: unknown;
}

/**
 * A stand-in for the fan forum: a real HTTP server on 127.0.0.1 that checks
 * each webhook's signature the way the README tells the forum to (and answers
 * 401 to a bad one), records the requests, and answers with scripted replies.
 */
export class ForumPeer {
  readonly requests: ForumRequest[] = [];
  private readonly replies: ForumReply[] = [];
  private server?: Server;
  url = '';

  constructor(private readonly secret: string) {}

  /** The next requests get these answers, in order; after that, 201 with the post's address. */
  answer(...replies: ForumReply[]): void {
    this.replies.push(...replies);
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const timestamp = String(req.headers['x-meetloop-timestamp'] ?? '');
        const given = Buffer.from(String(req.headers['x-meetloop-signature'] ?? ''));
        const expected = Buffer.from(
          `sha256=${createHmac('sha256', this.secret).update(`${timestamp}.${raw}`).digest('hex')}`,
        );
        const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
        const signatureValid = fresh && given.length === expected.length && timingSafeEqual(given, expected);
        const body = JSON.parse(raw) as Record<string, unknown>;
        this.requests.push({ headers: req.headers, body, signatureValid });
        const reply = signatureValid
          ? (this.replies.shift() ?? {
              status: 201,
              body: { url: `https://forum.example.com/t/meetup-${String(body.meetupId)}/${this.requests.length}` },
            })
          : { status: 401, body: { error: 'bad signature' } };
        res.writeHead(reply.status, { 'Content-Type': 'application/json' });
        res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {}));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/meetloop`;
    return this.url;
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  /** Closes the listening socket and open keep-alive connections: the forum is down. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}
