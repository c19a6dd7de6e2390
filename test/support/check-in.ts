import ICAL from 'ical.js';
import request from 'supertest';
import type { Principal } from '../../src/common/principal';
import type { TestApp } from './test-app';
import { waitFor } from './wait';

/** Answers an RSVP through the API, as the email's link would. */
export async function answer(t: TestApp, token: string, answer: 'accept' | 'decline') {
  return request(t.app.getHttpServer()).post(`/api/rsvp/${token}`).send({ answer }).expect(200);
}

/** Every member accepts, in the order given (so seats and waitlist places follow it). */
export async function acceptAll(t: TestApp, tokens: Map<string, string>, memberIds: string[]) {
  for (const id of memberIds) await answer(t, tokens.get(id)!, 'accept');
}

/**
 * Moves a meetup to the meetup day in real time: it starts in `startsInMinutes` and lasts `minutes`.
 * Its RSVP deadline is a few minutes before the start and its reminders count as sent, so the
 * app's own minute tick (running in every test app) has nothing to do with it while a test runs.
 * Meetups of one city must not overlap: give each its own slot.
 */
export async function atTheDoor(t: TestApp, meetupId: number, startsInMinutes = 60, minutes = 30) {
  await t.db.query(
    `UPDATE meetups SET starts_at = now() + make_interval(mins => $2), ends_at = now() + make_interval(mins => $2 + $3),
            rsvp_deadline = now() + make_interval(mins => $2 - 5), reminded_at = now()
      WHERE id = $1`,
    [meetupId, startsInMinutes, minutes],
  );
}

export async function meetupRow(t: TestApp, meetupId: number) {
  const [row] = await t.db.query(`SELECT * FROM meetups WHERE id = $1`, [meetupId]);
  return row as {
    status: string;
    seats_taken: number;
    calendar_sequence: number;
    starts_at: Date;
    ends_at: Date;
    rsvp_deadline: Date;
    reminded_at: Date | null;
    attendance_recorded_at: Date | null;
    capacity_max: number;
  };
}

export async function invitationOf(t: TestApp, meetupId: number, memberId: string) {
  const [row] = await t.db.query(`SELECT * FROM invitations WHERE meetup_id = $1 AND member_id = $2`, [
    meetupId,
    memberId,
  ]);
  return row as {
    id: string;
    state: string;
    checked_in_at: Date | null;
    checked_in_by: number | null;
    no_show: boolean;
    waitlist_seq: number | null;
    offer_expires_at: Date | null;
  };
}

export interface OutboxRow {
  id: string;
  idempotency_key: string;
  member_id: string;
  template: string;
  locale: string;
  message_id: string;
  data: Record<string, unknown>;
  attachments: { filename: string; contentType: string; content: string; cid?: string }[];
}

/** The outbox messages of one template, oldest first; optionally for one meetup's invitations only. */
export async function outboxOf(t: TestApp, template: string, meetupId?: number): Promise<OutboxRow[]> {
  return t.db.query(
    `SELECT o.id, o.idempotency_key, o.member_id::text AS member_id, o.template, o.locale, o.message_id, o.data, o.attachments
       FROM outbox_messages o
      WHERE o.template = $1
        AND ($2::int IS NULL OR EXISTS (SELECT 1 FROM invitations i WHERE i.meetup_id = $2 AND i.member_id = o.member_id))
      ORDER BY o.created_at, o.id`,
    [template, meetupId ?? null],
  );
}

/** What the SMTP sink received for an outbox message (waits for the delivery worker). */
export async function delivered(
  t: TestApp,
  messageId: string,
): Promise<{ subject: string; html: string; text: string }> {
  return waitFor(
    async () =>
      (await t.db.query(`SELECT subject, html, text FROM mailbox_messages WHERE message_id = $1`, [messageId]))[0] as
        { subject: string; html: string; text: string } | undefined,
    20_000,
    `delivery of ${messageId}`,
  ) as Promise<{ subject: string; html: string; text: string }>;
}

/** An .ics attachment as a calendar client reads it, with the file's own VTIMEZONEs registered. */
export function parseIcs(base64: string) {
  const cal = new ICAL.Component(ICAL.parse(Buffer.from(base64, 'base64').toString('utf8')));
  const vevent = cal.getFirstSubcomponent('vevent')!;
  for (const vtz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
  return { cal, vevent, event: new ICAL.Event(vevent) };
}

/** Who marks arrivals when a test calls the service directly. */
export const DESK: Principal = {
  accountId: null,
  name: 'Test desk',
  email: 'desk@meetloop.test',
  role: 'staff',
  engineerId: null,
  locale: 'en',
  via: 'environment-token',
};
