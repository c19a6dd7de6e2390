import request from 'supertest';
import { InvitationsTickService } from '../../src/invitations/invitations-tick.service';
import { hashFeedbackToken } from '../../src/feedback/feedback-token';
import { delivered, outboxOf } from '../support/check-in';
import { feedbackRequestsOf, heldMeetup } from '../support/feedback';
import { linksIn } from '../support/mailbox';
import { cityWithMembers } from '../support/meetups';
import { productAreas } from '../support/questions';
import { createTestApp, TestApp } from '../support/test-app';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('feedback after a meetup', () => {
  let t: TestApp;
  let tick: (now: Date) => Promise<void>;
  let m: string[];
  let cityId: number;
  let areas: Record<string, number>;
  const http = () => request(t.app.getHttpServer());
  const answers = async (requestId: string) =>
    t.db.query(`SELECT rating, recommend, good FROM feedback_answers WHERE request_id = $1`, [requestId]);
  const suggestions = async (requestId: string) =>
    t.db.query(
      `SELECT slot, product_area_id AS area, body FROM feedback_suggestions WHERE request_id = $1 ORDER BY slot`,
      [requestId],
    );
  const tokenIn = async (messageId: string) => {
    const mail = await delivered(t, messageId);
    const link = linksIn(mail.html).find((l) => l.includes('/feedback/'))!;
    expect(mail.text).toContain(link);
    return link.split('/feedback/')[1];
  };

  beforeAll(async () => {
    t = await createTestApp({ RSVP_RATE_LIMIT_PER_MINUTE: '100000' });
    const service = t.app.get(InvitationsTickService);
    tick = (now) => service.tick(now);
    ({ cityId, memberIds: m } = await cityWithMembers(t, 8, 'fb'));
    areas = await productAreas(t);
  });
  afterAll(() => t.close());

  it('asks the checked-in only, takes the answer through the link (GET changes nothing), reminds those who did not answer once', async () => {
    // m0 (en), m1 and m2 (zh-CN) come; m2 unsubscribes afterwards; m3 is a no-show; m4 declined.
    const { meetupId, endsAt } = await heldMeetup(t, cityId, {
      came: [m[0], m[1], m[2]],
      noShows: [m[3]],
      declined: [m[4]],
    });
    await t.db.query(`UPDATE members SET unsubscribed_at = now() WHERE id = $1`, [m[2]]);

    // FEEDBACK_DELAY_HOURS (2) after the end: not before.
    await tick(new Date(endsAt.getTime() + 2 * HOUR - MINUTE));
    expect(await feedbackRequestsOf(t, meetupId)).toEqual([]);
    const at = new Date(endsAt.getTime() + 2 * HOUR + MINUTE);
    await tick(at);
    const requests = await feedbackRequestsOf(t, meetupId);
    expect(requests.map((r) => r.member_id)).toEqual([m[0], m[1]].sort((a, b) => Number(a) - Number(b)));
    const mails = await outboxOf(t, 'feedback-request', meetupId);
    expect(mails.map((x) => x.member_id).sort()).toEqual([m[0], m[1]].sort());
    // Again (a retried tick, another instance): nothing more.
    await tick(new Date(at.getTime() + MINUTE));
    expect(await outboxOf(t, 'feedback-request', meetupId)).toHaveLength(2);

    // The link: 256 bits, only the hash stored, sealed in the outbox, in the member's language.
    const mail0 = mails.find((x) => x.member_id === m[0])!;
    const mail1 = mails.find((x) => x.member_id === m[1])!;
    const token = await tokenIn(mail0.message_id);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(JSON.stringify(mail0.data)).not.toContain(token);
    const request0 = requests.find((r) => r.member_id === m[0])!;
    expect(request0.token_hash.equals(hashFeedbackToken(token))).toBe(true);
    expect(mail1.locale).toBe('zh-CN');
    expect((await delivered(t, mail1.message_id)).subject).toContain('感觉如何');

    // GET and HEAD show the form and change nothing.
    const page = await http().get(`/feedback/${token}`).expect(200);
    expect(page.text).toContain('name="rating"');
    expect(page.text).toContain('Feedback meetup');
    await http().head(`/feedback/${token}`).expect(200);
    expect((await feedbackRequestsOf(t, meetupId)).find((r) => r.member_id === m[0])!.answered_at).toBeNull();
    expect(await answers(request0.id)).toEqual([]);

    // A refused form changes nothing and shows what to fix, with the input kept.
    const refused = await http()
      .post(`/feedback/${token}`)
      .type('form')
      .send({ rating: '9', recommend: '8', good: 'kept text', suggestion1Body: 'no area' })
      .expect(400);
    expect(refused.text).toContain('Please choose a rating from 1 to 5.');
    expect(refused.text).toContain('Please choose the product area this suggestion is about.');
    expect(refused.text).toContain('kept text');
    expect(await answers(request0.id)).toEqual([]);

    // The form saves; post/redirect/get.
    await http()
      .post(`/feedback/${token}`)
      .type('form')
      .send({
        rating: '5',
        recommend: '9',
        good: 'The camera engineers listened.',
        suggestion1Area: String(areas.camera),
        suggestion1Body: 'A night mode for video',
        suggestion2Area: '',
        suggestion2Body: '',
      })
      .expect(303)
      .expect('Location', `/feedback/${token}?saved=1`);
    expect(await answers(request0.id)).toEqual([{ rating: 5, recommend: 9, good: 'The camera engineers listened.' }]);
    expect(await suggestions(request0.id)).toEqual([{ slot: 1, area: areas.camera, body: 'A night mode for video' }]);
    const answeredAt = (await feedbackRequestsOf(t, meetupId)).find((r) => r.member_id === m[0])!.answered_at;
    expect(answeredAt).not.toBeNull();
    const again = await http().get(`/feedback/${token}?saved=1`).expect(200);
    expect(again.text).toMatch(/value="5"\s+checked/);
    expect(again.text).toContain('your feedback is saved');

    // The suggestion resembled nothing on the camera board: it is a board item now, and stays as it is.
    const [onBoard] = await t.db.query(
      `SELECT s.outcome, b.author_member_id::text AS author FROM feedback_suggestions s
         JOIN board_items b ON b.id = s.board_item_id WHERE s.request_id = $1`,
      [request0.id],
    );
    expect(onBoard).toEqual({ outcome: 'posted', author: m[0] });

    // Editable: the JSON twin replaces the answer (last save wins); box 1 is on the board, box 2 takes a new idea.
    const saved = await http()
      .post(`/api/feedback/${token}`)
      .send({
        rating: 4,
        recommend: 10,
        suggestions: [
          { productAreaId: areas.camera, body: 'ignored: box 1 is on the board' },
          { productAreaId: areas.os, body: 'Faster updates' },
        ],
      })
      .expect(200);
    expect(saved.body.answer).toEqual({
      rating: 4,
      recommend: 10,
      good: '',
      suggestions: [
        { slot: 1, productAreaId: areas.camera, body: 'A night mode for video' },
        { slot: 2, productAreaId: areas.os, body: 'Faster updates' },
      ],
    });
    expect(saved.body.onBoard.map((b: { slot: number; outcome: string }) => [b.slot, b.outcome])).toEqual([
      [1, 'posted'],
      [2, 'posted'],
    ]);
    expect(saved.body).not.toHaveProperty('memberId');
    const bad = await http().post(`/api/feedback/${token}`).send({ rating: 0, recommend: 11 }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('rating must be a whole number from 1 to 5');
    expect(await answers(request0.id)).toEqual([{ rating: 4, recommend: 10, good: '' }]);

    // Staff read it on the meetup's feedback page: figures (score hidden: 1 answer), suggestions with their author.
    const staff = await http().get(`/api/meetups/${meetupId}/feedback`).set('Authorization', t.bearer).expect(200);
    expect(staff.body.figures).toEqual({
      sent: 2,
      answers: 1,
      responseRate: 0.5,
      meanRating: 4,
      recommendScore: null,
    });
    expect(staff.body.productAreas).toEqual([
      {
        productArea: expect.objectContaining({ id: areas.camera, slug: 'camera' }),
        suggestions: [expect.objectContaining({ body: 'A night mode for video', memberId: m[0], outcome: 'posted' })],
      },
      {
        productArea: expect.objectContaining({ id: areas.os, slug: 'os' }),
        suggestions: [expect.objectContaining({ body: 'Faster updates', memberId: m[0], itemStatus: 'received' })],
      },
    ]);
    const staffPage = await http().get(`/meetups/${meetupId}/feedback`).set('Authorization', t.bearer).expect(200);
    expect(staffPage.text).toContain('Faster updates');
    expect(staffPage.text).toContain('hidden (fewer than 10 answers)');
    const meetupPage = await http().get(`/meetups/${meetupId}`).set('Authorization', t.bearer).expect(200);
    expect(meetupPage.text).toContain('1 of 2 attendees asked have answered.');
    await http().get('/api/meetups/999999/feedback').set('Authorization', t.bearer).expect(404);

    // Reminder: 3 days after the request, only to who did not answer (m1), once.
    await tick(new Date(at.getTime() + 3 * DAY - MINUTE));
    expect(await outboxOf(t, 'feedback-reminder', meetupId)).toEqual([]);
    await tick(new Date(at.getTime() + 3 * DAY + MINUTE));
    await tick(new Date(at.getTime() + 3 * DAY + 2 * MINUTE));
    const reminders = await outboxOf(t, 'feedback-reminder', meetupId);
    expect(reminders.map((r) => r.member_id)).toEqual([m[1]]);
    // The reminder carries the same link as the request.
    expect(await tokenIn(reminders[0].message_id)).toBe(await tokenIn(mail1.message_id));

    // No-shows, the declined and the unsubscribed got nothing at all.
    const toOthers = await t.db.query(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE template LIKE 'feedback-%' AND member_id = ANY ($1::bigint[])`,
      [[m[2], m[3], m[4]]],
    );
    expect(toOthers[0].n).toBe(0);
  });

  it('closes the link 14 days after the request, shows a bad link as not valid, and sends nothing after 14 days', async () => {
    const { meetupId, endsAt } = await heldMeetup(t, cityId, { came: [m[5], m[6]] }, { title: 'Old meetup' });
    // The tick was down for two weeks: a meetup that ended 14 days ago is not asked any more.
    await tick(new Date(endsAt.getTime() + 14 * DAY + MINUTE));
    expect(await feedbackRequestsOf(t, meetupId)).toEqual([]);
    await tick(new Date(endsAt.getTime() + 3 * HOUR));
    // m6 reads English.
    const mail = (await outboxOf(t, 'feedback-request', meetupId)).find((x) => x.member_id === m[6])!;
    const token = await tokenIn(mail.message_id);
    // Closed: the request was sent more than 14 days "ago" from now's point of view.
    await t.db.query(`UPDATE feedback_requests SET sent_at = now() - interval '15 days' WHERE meetup_id = $1`, [
      meetupId,
    ]);
    const closed = await http().get(`/feedback/${token}`).expect(410);
    expect(closed.text).toContain('Feedback for this meetup is closed');
    await http().post(`/feedback/${token}`).type('form').send({ rating: '3', recommend: '3' }).expect(410);
    await http().post(`/api/feedback/${token}`).send({ rating: 3, recommend: 3 }).expect(410);
    expect(
      await t.db.query(
        `SELECT 1 FROM feedback_answers a JOIN feedback_requests f ON f.id = a.request_id WHERE f.meetup_id = $1`,
        [meetupId],
      ),
    ).toEqual([]);
    // Nor a reminder: it is past the 14 days.
    await tick(new Date());
    expect(await outboxOf(t, 'feedback-reminder', meetupId)).toEqual([]);

    const invalid = await http()
      .get(`/feedback/${'A'.repeat(43)}`)
      .expect(404);
    expect(invalid.text).toContain('链接无效');
    await http().get('/feedback/not-a-token').expect(404);
    await http().post('/api/feedback/not-a-token').send({ rating: 3, recommend: 3 }).expect(404);
  });
});
