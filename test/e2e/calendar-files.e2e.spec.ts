import ICAL from 'ical.js';
import request from 'supertest';
import { answer, outboxOf, OutboxRow } from '../support/check-in';
import { cityWithMembers, invite, scheduledMeetup } from '../support/meetups';
import { createTestApp, TestApp } from '../support/test-app';

afterEach(() => ICAL.TimezoneService.reset());

interface SentIcs {
  template: string;
  raw: string;
  method: string;
  uid: string;
  sequence: number;
  partstat: string;
  rsvp: string | null;
  stamp: string;
  messageId: string;
}

/**
 * Every .ics the app sends to a member, parsed as a calendar client would: invitation, confirmation,
 * decline (CANCEL), accepting again, a change of time and the cancellation of the meetup, and a
 * withdrawal by staff. RFC 5545 / 5546 points: DTSTAMP in UTC, CRLF after every line, PUBLISH (no
 * Accept/Decline buttons that mail an address nobody reads), the member's answer as PARTSTAT, UIDs
 * and Message-IDs on PUBLIC_URL's host, and a SEQUENCE that grows with every version.
 */
describe('calendar files (.ics) the app sends', () => {
  let t: TestApp;
  let cityId: number;
  let m: string[];
  const api = (method: 'post' | 'patch', path: string, body: object) =>
    request(t.app.getHttpServer())[method](path).set('Authorization', t.bearer).send(body);

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL: 'https://meetups.example.org', RSVP_RATE_LIMIT_PER_MINUTE: '100000' });
    ({ cityId, memberIds: m } = await cityWithMembers(t, 4, 'ics'));
  });
  afterAll(() => t.close());

  /** The member's mails with a calendar file, in the order they were queued. */
  async function filesTo(memberId: string): Promise<SentIcs[]> {
    const rows: (OutboxRow & { created_at: Date })[] = await t.db.query(
      `SELECT template, message_id, attachments FROM outbox_messages WHERE member_id = $1 ORDER BY created_at, id`,
      [memberId],
    );
    return rows.flatMap((row) =>
      row.attachments
        .filter((a) => a.contentType.startsWith('text/calendar'))
        .map((a) => {
          const raw = Buffer.from(a.content, 'base64').toString('utf8');
          const cal = new ICAL.Component(ICAL.parse(raw));
          for (const vtz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
          const vevent = cal.getFirstSubcomponent('vevent')!;
          const attendee = vevent.getFirstProperty('attendee')!;
          expect(a.contentType).toContain(`method=${cal.getFirstPropertyValue('method')}`);
          return {
            template: row.template,
            raw,
            method: String(cal.getFirstPropertyValue('method')),
            uid: String(vevent.getFirstPropertyValue('uid')),
            sequence: Number(vevent.getFirstPropertyValue('sequence')),
            partstat: String(attendee.getParameter('partstat')),
            rsvp: (attendee.getParameter('rsvp') as string | undefined) ?? null,
            stamp: raw.match(/^DTSTAMP:(.*)\r$/m)![1],
            messageId: row.message_id,
          };
        }),
    );
  }

  function checkEachFile(files: SentIcs[]) {
    for (const f of files) {
      expect(f.raw.endsWith('END:VCALENDAR\r\n')).toBe(true);
      // No bare LF anywhere: every line ends with CRLF.
      expect(f.raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      expect(f.stamp).toMatch(/^\d{8}T\d{6}Z$/);
      const stamp = new Date(f.stamp.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
      expect(Math.abs(stamp.getTime() - Date.now())).toBeLessThan(10 * 60_000);
      expect(f.uid).toMatch(/@meetups\.example\.org$/);
      expect(f.messageId).toMatch(/@meetups\.example\.org>$/);
      expect(f.rsvp === null || f.rsvp === 'FALSE').toBe(true);
      expect(['PUBLISH', 'CANCEL']).toContain(f.method);
    }
    for (let i = 1; i < files.length; i++) {
      expect(files[i].uid).toBe(files[0].uid);
      // Strictly higher: a calendar ignores a version whose SEQUENCE it has already seen.
      expect(files[i].sequence).toBeGreaterThan(files[i - 1].sequence);
    }
  }

  it('invitation, confirmation, decline, accepting again, a change and the cancellation: one UID, SEQUENCE always higher', async () => {
    const meetupId = await scheduledMeetup(t, cityId, { capacityMax: 5 });
    const [fan, other] = m;
    const tokens = await invite(t, meetupId, [fan, other]);
    await answer(t, tokens.get(fan)!, 'accept');
    await answer(t, tokens.get(fan)!, 'decline');
    await answer(t, tokens.get(fan)!, 'accept');
    const { body: shown } = await request(t.app.getHttpServer())
      .get(`/api/meetups/${meetupId}`)
      .set('Authorization', t.bearer)
      .expect(200);
    const day = shown.startsAt.slice(0, 10);
    await api('patch', `/api/meetups/${meetupId}`, { startsAt: `${day}T20:00`, endsAt: `${day}T22:00` }).expect(200);
    await api('post', `/api/meetups/${meetupId}/status`, { status: 'cancelled' }).expect(200);

    const files = await filesTo(fan);
    expect(files.map((f) => [f.template, f.method, f.partstat])).toEqual([
      ['invitation', 'PUBLISH', 'NEEDS-ACTION'],
      ['rsvp-changed', 'PUBLISH', 'ACCEPTED'],
      ['rsvp-changed', 'CANCEL', 'DECLINED'],
      ['rsvp-changed', 'PUBLISH', 'ACCEPTED'],
      ['meetup-updated', 'PUBLISH', 'ACCEPTED'],
      ['meetup-cancelled', 'CANCEL', 'NEEDS-ACTION'],
    ]);
    checkEachFile(files);
    // The member who never answered got the invitation, the change and the cancellation, also in order.
    const others = await filesTo(other);
    expect(others.map((f) => f.template)).toEqual(['invitation', 'meetup-updated', 'meetup-cancelled']);
    checkEachFile(others);
    expect(others[0].uid).not.toBe(files[0].uid);
  });

  it('a withdrawal by staff sends a CANCEL with a SEQUENCE above the confirmation it replaces', async () => {
    const meetupId = await scheduledMeetup(t, cityId, { capacityMax: 5 });
    const fan = m[2];
    const tokens = await invite(t, meetupId, [fan]);
    await answer(t, tokens.get(fan)!, 'accept');
    const [{ id }] = await t.db.query(`SELECT id::text FROM invitations WHERE meetup_id = $1 AND member_id = $2`, [
      meetupId,
      fan,
    ]);
    await api('post', `/api/meetups/${meetupId}/invitations/${id}/withdraw`, {}).expect(200);
    const files = await filesTo(fan);
    expect(files.map((f) => [f.template, f.method])).toEqual([
      ['invitation', 'PUBLISH'],
      ['rsvp-changed', 'PUBLISH'],
      ['invitation-withdrawn', 'CANCEL'],
    ]);
    checkEachFile(files);
    expect((await outboxOf(t, 'invitation-withdrawn', meetupId)).length).toBe(1);
  });
});
