import request from 'supertest';
import { CheckInService } from '../../src/invitations/attendance/check-in.service';
import { InvitationsTickService } from '../../src/invitations/invitations-tick.service';
import { AttendanceRecordService } from '../../src/invitations/attendance/attendance-record.service';
import { RemindersService } from '../../src/invitations/attendance/reminders.service';
import { RsvpDeadlineService } from '../../src/invitations/rsvp/rsvp-deadline.service';
import { acceptAll, answer, delivered, DESK, invitationOf, meetupRow, outboxOf } from '../support/check-in';
import { cityWithMembers, invite, scheduledMeetup } from '../support/meetups';
import { createTestApp, TestApp } from '../support/test-app';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('reminders, closing and attendance (the minute tick)', () => {
  let t: TestApp;
  let deadlineService: RsvpDeadlineService;
  let reminderService: RemindersService;
  let attendanceService: AttendanceRecordService;
  let cityId: number;
  let m: string[];
  const http = () => request(t.app.getHttpServer());
  const members = async (ids: string[]) =>
    t.db.query(
      `SELECT id::text AS id, attended_count, no_show_count, invited_count FROM members WHERE id = ANY ($1::bigint[]) ORDER BY id`,
      [ids],
    );
  const events = async (meetupId: number, kind: string) =>
    (
      await t.db.query(
        `SELECT count(*)::int AS n FROM invitation_events e JOIN invitations i ON i.id = e.invitation_id
          WHERE i.meetup_id = $1 AND e.kind = $2`,
        [meetupId, kind],
      )
    )[0].n as number;

  beforeAll(async () => {
    t = await createTestApp({ RSVP_RATE_LIMIT_PER_MINUTE: '100000' });
    deadlineService = t.app.get(RsvpDeadlineService);
    reminderService = t.app.get(RemindersService);
    attendanceService = t.app.get(AttendanceRecordService);
    ({ cityId, memberIds: m } = await cityWithMembers(t, 16, 'tick'));
  });
  afterAll(() => t.close());

  describe('RSVP deadline', () => {
    it('expires pending invitations and closes the meetup at the deadline, once, without emailing them', async () => {
      const meetupId = await scheduledMeetup(t, cityId);
      const tokens = await invite(t, meetupId, m.slice(0, 4));
      await answer(t, tokens.get(m[0])!, 'accept');
      await answer(t, tokens.get(m[1])!, 'decline');
      const { rsvp_deadline: deadline } = await meetupRow(t, meetupId);
      const outboxBefore = (await t.db.query(`SELECT count(*)::int AS n FROM outbox_messages`))[0].n;

      // Other tests' meetups may be due too: the assertions look at this meetup only.
      await deadlineService.expirePendingAtDeadline(new Date(deadline.getTime() - MINUTE));
      expect((await meetupRow(t, meetupId)).status).toBe('inviting');
      expect((await invitationOf(t, meetupId, m[2])).state).toBe('pending');

      expect(await deadlineService.expirePendingAtDeadline(new Date(deadline.getTime() + 1000))).toBeGreaterThanOrEqual(
        2,
      );
      expect((await meetupRow(t, meetupId)).status).toBe('closed');
      expect((await invitationOf(t, meetupId, m[0])).state).toBe('accepted');
      expect((await invitationOf(t, meetupId, m[1])).state).toBe('declined');
      expect((await invitationOf(t, meetupId, m[2])).state).toBe('expired');
      expect((await invitationOf(t, meetupId, m[3])).state).toBe('expired');
      expect(await events(meetupId, 'expired')).toBe(2);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM outbox_messages`))[0].n).toBe(outboxBefore);

      // Again (another instance, a retried tick): nothing more happens.
      await deadlineService.expirePendingAtDeadline(new Date(deadline.getTime() + 2 * MINUTE));
      expect(await events(meetupId, 'expired')).toBe(2);
      expect((await meetupRow(t, meetupId)).status).toBe('closed');

      // Answers now follow rsvp-rules: the expired link says so, the accepted member may still step back.
      const gone = await http()
        .get(`/rsvp/${tokens.get(m[2])!}`)
        .expect(410);
      expect(gone.text).toContain('rsvp-state-expired');
      await http()
        .post(`/api/rsvp/${tokens.get(m[2])!}`)
        .send({ answer: 'accept' })
        .expect(410);
      const late = await http()
        .post(`/api/rsvp/${tokens.get(m[1])!}`)
        .send({ answer: 'accept' })
        .expect(410);
      expect(late.body.closed).toBe('deadline');
      const back = await answer(t, tokens.get(m[0])!, 'decline');
      expect(back.body.change).toBe('declined');
    });
  });

  describe('reminders', () => {
    it('reminds each accepted member once, with the facts, their RSVP link and check-in code', async () => {
      const meetupId = await scheduledMeetup(t, cityId, { title: 'Reminder meetup' });
      const tokens = await invite(t, meetupId, m.slice(4, 8));
      await acceptAll(t, tokens, [m[4], m[5]]);
      await answer(t, tokens.get(m[6])!, 'decline');
      const { starts_at: startsAt } = await meetupRow(t, meetupId);

      // REMINDER_DAYS_BEFORE defaults to 2.
      await reminderService.sendReminders(new Date(startsAt.getTime() - 2 * 24 * HOUR - MINUTE));
      expect(await outboxOf(t, 'reminder', meetupId)).toEqual([]);
      expect((await meetupRow(t, meetupId)).reminded_at).toBeNull();
      expect(await reminderService.sendReminders(new Date(startsAt.getTime() - 24 * HOUR))).toBeGreaterThanOrEqual(2);
      const reminders = await outboxOf(t, 'reminder', meetupId);
      expect(reminders.map((r) => r.member_id).sort()).toEqual([m[4], m[5]].sort());
      expect((await meetupRow(t, meetupId)).reminded_at).not.toBeNull();
      await reminderService.sendReminders(new Date(startsAt.getTime() - 23 * HOUR));
      expect(await outboxOf(t, 'reminder', meetupId)).toHaveLength(2);

      const mail = reminders.find((r) => r.member_id === m[4])!;
      expect(mail.attachments).toEqual([expect.objectContaining({ filename: 'check-in.png', cid: mail.data.qrCid })]);
      // The RSVP link is sealed in the outbox, and opened only to render.
      expect(JSON.stringify(mail.data)).not.toContain(tokens.get(m[4])!);
      const got = await delivered(t, mail.message_id);
      expect(got.subject).toContain('Reminder meetup');
      // The sink shows the inline image (cid:) as a data: URL.
      expect(got.html).toMatch(/<img src="(cid:check-in-qr@meetloop|data:image\/png;base64,)/);
      expect(got.html).toContain(`/rsvp/${tokens.get(m[4])!}`);
      expect(got.html).toContain('Community hall');
      expect(got.text).toContain('1 Test Road');
    });

    it('writes Chinese to zh-CN members', async () => {
      const [zh] = (await t.db.query(
        `SELECT id::text FROM members WHERE id = ANY ($1::bigint[]) AND locale = 'zh-CN'`,
        [m.slice(8, 12)],
      )) as { id: string }[];
      const meetupId = await scheduledMeetup(t, cityId);
      const tokens = await invite(t, meetupId, [zh.id]);
      await answer(t, tokens.get(zh.id)!, 'accept');
      const { starts_at: startsAt } = await meetupRow(t, meetupId);
      await reminderService.sendReminders(new Date(startsAt.getTime() - HOUR));
      const [mail] = await outboxOf(t, 'reminder', meetupId);
      expect(mail.locale).toBe('zh-CN');
      const got = await delivered(t, mail.message_id);
      expect(got.subject).toMatch(/^同城会即将开始/);
      expect(got.text).toContain('临时无法参加');
    });
  });

  describe('attendance', () => {
    it('records no-shows and attendance counters once after the meetup, and holds it', async () => {
      const meetupId = await scheduledMeetup(t, cityId, { capacityMax: 3 });
      const [came, absent1, absent2, declined, waiting] = m.slice(12, 16).concat(m[0]);
      const tokens = await invite(t, meetupId, [came, absent1, absent2, declined, waiting]);
      await acceptAll(t, tokens, [came, absent1, absent2, waiting]);
      await answer(t, tokens.get(declined)!, 'decline');
      const row = await meetupRow(t, meetupId);
      const inv = await invitationOf(t, meetupId, came);
      await t.app.get(CheckInService).markArrived(meetupId, inv.id, DESK, 'api', row.starts_at);
      const before = await members([came, absent1, absent2, declined, waiting]);

      await attendanceService.recordAttendance(new Date(row.ends_at.getTime() + 5 * HOUR));
      expect((await meetupRow(t, meetupId)).attendance_recorded_at).toBeNull();
      expect(await members([came, absent1, absent2, declined, waiting])).toEqual(before);
      expect(
        await attendanceService.recordAttendance(new Date(row.ends_at.getTime() + 6 * HOUR)),
      ).toBeGreaterThanOrEqual(1);
      const after = await members([came, absent1, absent2, declined, waiting]);
      const delta = after.map((a: { attended_count: number; no_show_count: number }, i: number) => [
        a.attended_count - before[i].attended_count,
        a.no_show_count - before[i].no_show_count,
      ]);
      const byId = new Map(after.map((a: { id: string }, i: number) => [a.id, delta[i]]));
      expect(byId.get(came)).toEqual([1, 0]);
      expect(byId.get(absent1)).toEqual([0, 1]);
      expect(byId.get(absent2)).toEqual([0, 1]);
      expect(byId.get(declined)).toEqual([0, 0]);
      expect(byId.get(waiting)).toEqual([0, 0]);
      expect((await invitationOf(t, meetupId, absent1)).no_show).toBe(true);
      expect((await invitationOf(t, meetupId, came)).no_show).toBe(false);
      expect((await invitationOf(t, meetupId, waiting)).state).toBe('waitlisted');
      expect(await events(meetupId, 'no-show')).toBe(2);
      const held = await meetupRow(t, meetupId);
      expect(held.status).toBe('held');
      expect(held.attendance_recorded_at).not.toBeNull();

      // Once: a second run (another instance, the next tick) changes no counter.
      await attendanceService.recordAttendance(new Date(row.ends_at.getTime() + 48 * HOUR));
      expect(await members([came, absent1, absent2, declined, waiting])).toEqual(after);
      expect(await events(meetupId, 'no-show')).toBe(2);
      // The door is closed for good.
      await expect(
        t.app.get(CheckInService).markArrived(meetupId, inv.id, DESK, 'api', new Date(row.ends_at.getTime() + HOUR)),
      ).rejects.toThrow(/recorded/);
    });

    it('records at the next tick when staff move the meetup to held', async () => {
      const meetupId = await scheduledMeetup(t, cityId);
      const tokens = await invite(t, meetupId, [m[9]]);
      await answer(t, tokens.get(m[9])!, 'accept');
      const post = (status: string) =>
        http().post(`/api/meetups/${meetupId}/status`).set('Authorization', t.bearer).send({ status }).expect(200);
      const [before] = await members([m[9]]);
      await post('closed');
      await post('held');
      // Real time: the meetup is days ahead, but staff said it was held (the app's own tick may get there first).
      await attendanceService.recordAttendance();
      expect((await invitationOf(t, meetupId, m[9])).no_show).toBe(true);
      expect((await members([m[9]]))[0].no_show_count).toBe(before.no_show_count + 1);
      expect((await meetupRow(t, meetupId)).attendance_recorded_at).not.toBeNull();
    });
  });

  describe('the tick', () => {
    it('is scheduled every minute in pg-boss and runs the steps in one call', async () => {
      const [schedule] = await t.db.query(`SELECT name, cron FROM pgboss.schedule WHERE name = 'invitations-tick'`);
      expect(schedule).toEqual({ name: 'invitations-tick', cron: '* * * * *' });
      const meetupId = await scheduledMeetup(t, cityId);
      const tokens = await invite(t, meetupId, [m[10], m[11]]);
      await answer(t, tokens.get(m[10])!, 'accept');
      const row = await meetupRow(t, meetupId);
      await t.app.get(InvitationsTickService).tick(new Date(row.ends_at.getTime() + 7 * HOUR));
      expect((await invitationOf(t, meetupId, m[11])).state).toBe('expired');
      expect((await invitationOf(t, meetupId, m[10])).no_show).toBe(true);
      expect((await meetupRow(t, meetupId)).status).toBe('held');
    });
  });
});
