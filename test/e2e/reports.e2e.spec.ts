import request from 'supertest';
import { heldMeetupsWithFeedback } from '../support/report-data';
import { createTestApp, TestApp } from '../support/test-app';

const came = (rating: number, recommend: number) => ({
  came: true as const,
  answer: [rating, recommend] as [number, number],
});
const cameSilent = { came: true as const };
const noShow = { came: false as const };

/**
 * A fixed data set and its figures worked out by hand:
 *  Wuhan 2027-01-16: 12 accepted, 10 came, 10 answered — ratings 5 5 5 4 4 4 4 3 3 2 (sum 39, mean 3.90);
 *    recommend 10 10 9 9 8 7 7 6 3 0: 4 promoters, 3 detractors → score (4 − 3) / 10 = 10.
 *  Wuhan 2027-04-10: 5 accepted, 4 came, 3 answered — ratings 5 4 3 (mean 4.00), recommend 10 9 5:
 *    3 answers < 10 → score hidden; response 3 / 4 = 75%.
 *  Chengdu 2027-01-30: 6 accepted, 3 came, none answered: response 0%, no mean.
 *  Show-up: Wuhan 14 of 17 = 0.8235, Chengdu 3 of 6 = 0.5.
 */
describe('reports', () => {
  let t: TestApp;
  let ids: number[];
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp();
    ids = await heldMeetupsWithFeedback(t, [
      {
        city: 'Reportcity Wuhan',
        day: '2027-01-16',
        title: 'Wuhan January',
        attendees: [
          came(5, 10),
          came(5, 10),
          came(5, 9),
          came(4, 9),
          came(4, 8),
          came(4, 7),
          came(4, 7),
          came(3, 6),
          came(3, 3),
          came(2, 0),
          noShow,
          noShow,
        ],
      },
      {
        city: 'Reportcity Wuhan',
        day: '2027-04-10',
        title: 'Wuhan April',
        attendees: [came(5, 10), came(4, 9), came(3, 5), cameSilent, noShow],
      },
      {
        city: 'Reportcity Chengdu',
        day: '2027-01-30',
        title: '=cmd|calc', // a formula, as a spreadsheet would run it
        attendees: [cameSilent, cameSilent, cameSilent, noShow, noShow, noShow],
      },
    ]);
  });
  afterAll(() => t.close());

  it('computes satisfaction, response rate and show-up as worked out by hand, hiding the score below 10 answers', async () => {
    const { body } = await http().get('/api/reports').set('Authorization', t.bearer).expect(200);
    expect(body.meetups).toEqual([
      {
        meetupId: ids[1],
        title: 'Wuhan April',
        city: 'Reportcity Wuhan',
        day: '2027-04-10',
        sent: 4,
        answers: 3,
        responseRate: 0.75,
        meanRating: 4,
        recommendScore: null,
      },
      {
        meetupId: ids[2],
        title: '=cmd|calc',
        city: 'Reportcity Chengdu',
        day: '2027-01-30',
        sent: 3,
        answers: 0,
        responseRate: 0,
        meanRating: null,
        recommendScore: null,
      },
      {
        meetupId: ids[0],
        title: 'Wuhan January',
        city: 'Reportcity Wuhan',
        day: '2027-01-16',
        sent: 10,
        answers: 10,
        responseRate: 1,
        meanRating: 3.9,
        recommendScore: 10,
      },
    ]);
    expect(body.cities).toEqual([
      expect.objectContaining({ city: 'Reportcity Chengdu', period: '2027-Q1', answers: 0, responseRate: 0 }),
      expect.objectContaining({
        city: 'Reportcity Wuhan',
        period: '2027-Q1',
        answers: 10,
        meanRating: 3.9,
        recommendScore: 10,
      }),
      expect.objectContaining({
        city: 'Reportcity Wuhan',
        period: '2027-Q2',
        answers: 3,
        meanRating: 4,
        recommendScore: null,
      }),
    ]);
    expect(body.showUp).toEqual([
      { city: 'Reportcity Chengdu', meetups: 1, accepted: 6, checkedIn: 3, showUpRate: 0.5 },
      { city: 'Reportcity Wuhan', meetups: 2, accepted: 17, checkedIn: 14, showUpRate: 0.8235 },
    ]);
  });

  it('draws the page with pictures and the numbers beside them, the score hidden for small groups', async () => {
    const page = await http().get('/reports').set('Authorization', t.bearer).expect(200);
    expect(page.text).toContain('role="img"');
    expect(page.text).toContain('<desc id="chart-rating-desc">');
    expect(page.text).toContain('10 (10 answers)');
    expect(page.text).toContain('hidden (fewer than 10 answers)');
    expect(page.text).toContain('82.4%');
    expect(page.text).not.toMatch(/>-?\d+ \(3 answers\)</);
  });

  it('gives each report as CSV with a BOM, defused formulas and the hidden score left empty', async () => {
    const res = await http().get('/reports/meetups.csv').set('Authorization', t.bearer).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="meetloop-meetups.csv"');
    const text = res.text;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\r\n')).toEqual([
      '\ufeffmeetup_id,day,city,title,requests_sent,answers,response_rate,mean_rating,recommend_score',
      `${ids[1]},2027-04-10,Reportcity Wuhan,Wuhan April,4,3,0.75,4,`,
      `${ids[2]},2027-01-30,Reportcity Chengdu,'=cmd|calc,3,0,0,,`,
      `${ids[0]},2027-01-16,Reportcity Wuhan,Wuhan January,10,10,1,3.9,10`,
      '',
    ]);
    const showUp = await http().get('/reports/show-up.csv').set('Authorization', t.bearer).expect(200);
    expect(showUp.text).toContain('Reportcity Wuhan,2,17,14,0.8235');
    await http().get('/reports/cities.csv').set('Authorization', t.bearer).expect(200);
    await http().get('/reports/nothing.csv').set('Authorization', t.bearer).expect(404);
  });

  it('follows the loop from meetups to shipped items and counts per engineer, as worked out by hand', async () => {
    // Two answered requests of the Wuhan January meetup and one of April suggest; the first two are on items.
    const requests: { id: string; meetup_id: number }[] = await t.db.query(
      `SELECT f.id::text, f.meetup_id FROM feedback_requests f JOIN feedback_answers a ON a.request_id = f.id
        WHERE f.meetup_id = ANY ($1::int[]) ORDER BY f.meetup_id = $2 DESC, f.id`,
      [[ids[0], ids[1]], ids[0]],
    );
    const april = requests.find((r) => r.meetup_id === ids[1])!;
    const [{ id: area }] = await t.db.query(
      `INSERT INTO product_areas (slug, name_en, name_zh) VALUES ('loop-os', 'OS', '系统') RETURNING id`,
    );
    const [{ id: engineer }] = await t.db.query(
      `INSERT INTO engineers (engineer_code, name) VALUES ('E1001', 'Li Gong') RETURNING id`,
    );
    const item = async (title: string, status: string, handler: number | null) =>
      (
        await t.db.query(
          `INSERT INTO board_items (product_area_id, title, author_kind, author_meetup_id, status, handler_engineer_id)
           VALUES ($1, $2, 'meetup', $3, $4, $5) RETURNING id::text`,
          [area, title, ids[0], status, handler],
        )
      )[0].id as string;
    const shipped = await item('Night mode for video', 'shipped', engineer);
    const planned = await item('Per-app volume', 'planned', engineer);
    await item('Unrelated', 'received', null);
    // Shipped 60 days after the January meetup's start (2027-01-16 19:00 in Wuhan).
    await t.db.query(
      `INSERT INTO board_item_statuses (item_id, status, note, at) VALUES
         ($1, 'planned', '', '2027-02-01T10:00+08'), ($1, 'shipped', 'In 7.3.1', '2027-03-17T19:00+08'),
         ($2, 'planned', '', '2027-02-02T10:00+08')`,
      [shipped, planned],
    );
    const suggest = (requestId: string, slot: number, itemId: string | null) =>
      t.db.query(
        `INSERT INTO feedback_suggestions (request_id, slot, product_area_id, body, board_item_id, outcome)
         VALUES ($1, $2, $3, 'An idea', $4, $5)`,
        [requestId, slot, area, itemId, itemId ? 'posted' : null],
      );
    await suggest(requests[0].id, 1, shipped);
    await suggest(requests[1].id, 1, planned);
    await suggest(april.id, 1, null);
    // Questions: one from January on the shipped item, one from Chengdu on nothing; E1001 answered the first.
    const question = async (meetupId: number) =>
      (
        await t.db.query(
          `INSERT INTO questions (meetup_id, invitation_id, slot, product_area_id, body)
           SELECT meetup_id, id, 1, $2, 'A question' FROM invitations WHERE meetup_id = $1 ORDER BY id LIMIT 1
           RETURNING id::text`,
          [meetupId, area],
        )
      )[0].id as string;
    const asked = await question(ids[0]);
    await question(ids[2]);
    await t.db.query(`INSERT INTO question_board_items (question_id, board_item_id, how) VALUES ($1, $2, 'linked')`, [
      asked,
      shipped,
    ]);
    await t.db.query(`INSERT INTO question_answers (question_id, engineer_id) VALUES ($1, $2)`, [asked, engineer]);
    await t.db.query(
      `INSERT INTO engineer_assignments (meetup_id, engineer_id, state, confirmed_at) VALUES ($1, $3, 'confirmed', now()), ($2, $3, 'proposed', NULL)`,
      [ids[0], ids[1], engineer],
    );

    const { body } = await http().get('/api/reports').set('Authorization', t.bearer).expect(200);
    expect(body.loop).toEqual({
      suggestions: 3,
      questions: 2,
      withItem: 3,
      items: 2,
      planned: 2,
      shipped: 1,
      medianDaysToShipped: 60,
    });
    expect(body.engineers).toEqual([
      {
        engineerId: engineer,
        code: 'E1001',
        name: 'Li Gong',
        meetups: 1,
        questionsAnswered: 1,
        itemsHandled: 2,
        itemsShipped: 1,
      },
    ]);
    const page = await http().get('/reports').set('Authorization', t.bearer).expect(200);
    expect(page.text).toContain('<desc id="chart-loop-desc">');
    const loop = await http().get('/reports/loop.csv').set('Authorization', t.bearer).expect(200);
    expect(loop.text.split('\r\n')[1]).toBe('3,2,3,2,2,1,60');
    const engineers = await http().get('/reports/engineers.csv').set('Authorization', t.bearer).expect(200);
    expect(engineers.text).toContain('E1001,Li Gong,1,1,2,1');
  });

  it('is for staff only', async () => {
    await http().get('/api/reports').expect(401);
  });
});
