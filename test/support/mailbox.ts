import request from 'supertest';
import type { TestApp } from './test-app';
import { waitFor } from './wait';

/** A message as the embedded SMTP sink received and parsed it (GET /api/mailbox/:id). */
export interface ReceivedMail {
  id: string;
  messageId: string;
  envelopeTo: string[];
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  attachments: { filename: string; contentType: string; size: number; content: string }[];
  copies: number;
}

/**
 * Waits until the SMTP sink has received a message to `address` whose subject is `subject`, then
 * reads it through the Mailbox API as staff would. The delivery worker sends it on its own time:
 * the wait is generous because the machine is shared, and nothing is asserted about how long it took.
 */
export async function mailTo(t: TestApp, address: string, subject: string, ms = 90_000): Promise<ReceivedMail> {
  const http = () => request(t.app.getHttpServer());
  const listed = await waitFor(
    async () => {
      const list = await http()
        .get('/api/mailbox')
        .query({ to: address, subject })
        .set('Authorization', t.bearer)
        .expect(200);
      return (list.body.messages as { id: string; envelopeTo: string[]; subject: string }[]).find(
        (m) => m.envelopeTo.includes(address) && m.subject === subject,
      );
    },
    ms,
    `"${subject}" to ${address} at the SMTP sink`,
  );
  // waitFor returns only a truthy value.
  return (await http().get(`/api/mailbox/${listed!.id}`).set('Authorization', t.bearer).expect(200)).body;
}

/** Every message the sink received for `address`, oldest first, subjects only. */
export async function subjectsTo(t: TestApp, address: string): Promise<string[]> {
  const list = await request(t.app.getHttpServer())
    .get('/api/mailbox')
    .query({ to: address, limit: 200 })
    .set('Authorization', t.bearer)
    .expect(200);
  return (list.body.messages as { envelopeTo: string[]; subject: string }[])
    .filter((m) => m.envelopeTo.includes(address))
    .map((m) => m.subject)
    .reverse();
}

/** The links of a message's HTML part, as a mail client would open them (entities decoded). */
export function linksIn(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)].map((m) => decodeEntities(m[1]));
}

/** The character references Handlebars writes into attributes. */
export function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#([0-9]+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
