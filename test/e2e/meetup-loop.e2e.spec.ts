import request from 'supertest';
import { InvitationsTickService } from '../../src/invitations/invitations-tick.service';
import { QuestionsService } from '../../src/questions/questions.service';
import { feedbackToken } from '../../src/feedback/feedback-token';
import { staffItem } from '../support/boards';
import { createAccount } from '../support/accounts';
import { feedbackRequestsOf, heldMeetup } from '../support/feedback';
import { mailTo } from '../support/mailbox';
import { cityWithMembers } from '../support/meetups';
import { productAreas } from '../support/questions';
import { createTestApp, TestApp } from '../support/test-app';

const HOUR = 3_600_000;

describe('the loop: from a meetup to the boards and back to the fans', () => {
  let t: TestApp;
  let m: string[];
  let cityId: number;
  let areas: Record<string, number>;
  let staffId: number;
  const http = () => request(t.app.getHttpServer());
  const api = (path: string) => http().post(path).set('Authorization', t.bearer);

  beforeAll(async () => {
    t = await createTestApp({ RSVP_RATE_LIMIT_PER_MINUTE: '100000', BOARD_DIGEST_DELAY_SECONDS: '1' });
    ({ cityId, memberIds: m } = await cityWithMembers(t, 6, 'loop'));
    areas = await productAreas(t);
    staffId = (await createAccount(t, 'staff')).id;
  });
  afterAll(() => t.close());

  it('turns suggestions into board items (offering similar ones first) and questions into followed items whose shipping reaches the asker', async () => {
    // m0 asks a question before the meetup and m1 up-votes it; m0, m1 and m2 come.
    const { meetupId, endsAt } = await heldMeetup(
      t,
      cityId,
      { came: [m[0], m[1], m[2]] },
      {
        title: 'Loop meetup',
        beforeCheckIn: async (tokens) => {
          const questions = t.app.get(QuestionsService);
          const q = await questions.ask(tokens.get(m[0])!, {
            productAreaId: areas.camera,
            body: 'Will night mode come to video?',
          });
          await questions.vote(tokens.get(m[1])!, q.id);
        },
      },
    );
    // Seven hours after the end: attendance is recorded (the meetup is held) and the feedback requests go out.
    await t.app.get(InvitationsTickService).tick(new Date(endsAt.getTime() + 7 * HOUR));
    const nonces: { member_id: string; token_nonce: Buffer }[] = await t.db.query(
      `SELECT i.member_id::text, f.token_nonce FROM feedback_requests f JOIN invitations i ON i.id = f.invitation_id WHERE f.meetup_id = $1`,
      [meetupId],
    );
    const link = (memberId: string) =>
      feedbackToken(t.env.APP_SECRET!, nonces.find((n) => n.member_id === memberId)!.token_nonce);
    expect(await feedbackRequestsOf(t, meetupId)).toHaveLength(3);

    // m2's suggestion resembles nothing on the board: it becomes an item at once, authored by m2, from this meetup.
    await http()
      .post(`/api/feedback/${link(m[2])}`)
      .send({
        rating: 5,
        recommend: 10,
        suggestions: [{ productAreaId: areas.battery, body: 'Charge limit at 80 percent' }],
      })
      .expect(200);
    const [posted] = await t.db.query(
      `SELECT b.id::text, b.status, b.author_member_id::text AS author, b.source, s.outcome
         FROM feedback_suggestions s JOIN board_items b ON b.id = s.board_item_id
         JOIN feedback_requests f ON f.id = s.request_id WHERE f.meetup_id = $1`,
      [meetupId],
    );
    expect(posted).toMatchObject({ status: 'received', author: m[2], outcome: 'posted' });
    expect(posted.source).toMatch(/^meetup in Testcity\d+loop, \d{4}-\d{2}-\d{2}$/);

    // m1's suggestion resembles a listed item: the page offers it first, m1 votes for it instead.
    const existing = await staffItem(t, areas.os, 'Dark mode for every system app', staffId);
    await http()
      .post(`/feedback/${link(m[1])}`)
      .type('form')
      .send({
        rating: '4',
        recommend: '8',
        suggestion1Area: String(areas.os),
        suggestion1Body: 'Dark mode for all system apps',
      })
      .expect(303);
    const offer = await http()
      .get(`/feedback/${link(m[1])}`)
      .expect(200);
    expect(offer.text).toContain('Dark mode for every system app');
    expect(await t.db.query(`SELECT 1 FROM board_votes WHERE item_id = $1`, [existing.id])).toEqual([]); // GET changed nothing
    await http()
      .post(`/feedback/${link(m[1])}/suggestions/1/vote`)
      .type('form')
      .send({ itemId: existing.id })
      .expect(303);
    expect(await t.db.query(`SELECT member_id::text FROM board_votes WHERE item_id = $1`, [existing.id])).toEqual([
      { member_id: m[1] },
    ]);

    // Staff turn m0's question into a board item: the asker and the up-voter follow it.
    const [question] = await t.db.query(`SELECT id::text FROM questions WHERE meetup_id = $1`, [meetupId]);
    const made = await api(`/api/questions/${question.id}/board-item`).send({}).expect(200);
    expect(made.body.followers).toBe(2);
    await api(`/api/questions/${question.id}/board-item`).send({}).expect(409);
    const item = (await http().get(`/api/board-items/${made.body.itemId}`).expect(200)).body;
    expect(item.title).toBe('Will night mode come to video?');
    const page = await http().get(`/board-items/${made.body.itemId}`).expect(200);
    expect(page.text).toContain('Asked at 1 meetup by 2 fans');

    // The item ships in a release: the asker hears of it in the board digest.
    const release = await api('/api/releases')
      .send({ title: '2027-01-14 weekly build 7.1.14', releasedOn: '2027-01-14', itemIds: [made.body.itemId] })
      .expect(201);
    await api(`/api/releases/${release.body.id}/publish`).expect(200);
    const [asker] = await t.db.query(`SELECT email, locale FROM members WHERE id = $1`, [m[0]]);
    const digest = await mailTo(
      t,
      asker.email,
      asker.locale === 'en' ? 'News on a suggestion you follow' : '你关注的 1 条建议有了新进展',
    );
    expect(digest.text).toContain('Will night mode come to video?');

    // The loop report counts it all.
    const reports = (await http().get('/api/reports').set('Authorization', t.bearer).expect(200)).body;
    expect(reports.loop).toMatchObject({ suggestions: 2, questions: 1, withItem: 3, items: 3, shipped: 1 });
  }, 150_000);

  it('answers a 400 naming the id, and changes nothing, for a question or suggestion id that is not a number', async () => {
    const items = async () => Number((await t.db.query(`SELECT count(*) AS n FROM board_items`))[0].n);
    const before = await items();
    for (const path of ['/api/questions/abc/board-item', '/api/feedback-suggestions/1e3/board-item']) {
      const res = await api(path).send({}).expect(400);
      expect(res.body.message).toMatch(/(questionId|suggestionId) must be a whole number/);
    }
    expect(await items()).toBe(before);
  });
});
