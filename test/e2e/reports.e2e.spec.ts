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

  it('is for staff only', async () => {
    await http().get('/api/reports').expect(401);
  });
});
