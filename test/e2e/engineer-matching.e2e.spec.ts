import { AddressInfo } from 'node:net';
import request from 'supertest';
import { RsvpService } from '../../src/invitations/rsvp/rsvp.service';
import { csrfFrom, signedIn } from '../support/accounts';
import { mailTo } from '../support/mailbox';
import { cityWithMembers, invite, scheduledMeetup } from '../support/meetups';
import { productAreas } from '../support/questions';
import { createTestApp, TestApp } from '../support/test-app';

type Agent = Awaited<ReturnType<typeof signedIn>>;

describe('engineers matched to meetups by their attendees’ questions', () => {
  let t: TestApp;
  let base: string;
  let areas: Record<string, number>;
  let cityId: number;
  let cityName: string;
  let memberIds: string[];
  let camera: Agent; // camera expert at home in the city: goes to the camera meetup
  let battery: Agent; // battery expert: proposed, never confirmed
  let steward: Agent;
  let cameraMeetup: number;
  let osMeetup: number;
  const http = () => request(base);
  const api = (method: 'get' | 'post' | 'put', path: string) => http()[method](path).set('Authorization', t.bearer);

  /** Members of the city accept the meetup through their RSVP links and ask through them too. */
  async function attendeesAsk(meetupId: number, members: string[], asks: [number, string, string][]) {
    const tokens = await invite(t, meetupId, members);
    const rsvp = t.app.get(RsvpService);
    for (const id of members) await rsvp.answer(tokens.get(id)!, 'accept', {});
    const ids: string[] = [];
    for (const [i, area, body] of asks) {
      const asked = await http()
        .post(`/api/rsvp/${tokens.get(members[i])!}/questions`)
        .send({ productAreaId: areas[area], body })
        .expect(201);
      ids.push(asked.body.id);
    }
    return { tokens, ids };
  }

  async function profile(agent: Agent, areaIds: number[], expertIds: number[], homeCityId: number | null) {
    const engineerId = agent.account.engineerId!;
    const current = await api('get', `/api/engineers/${engineerId}`).expect(200);
    await api('put', `/api/engineers/${engineerId}`)
      .send({
        engineerCode: current.body.engineerCode,
        name: current.body.name,
        homeCityId: homeCityId ?? undefined,
        productAreaIds: areaIds,
        expertAreaIds: expertIds,
        languages: ['zh-CN', 'en'],
      })
      .expect(200);
  }

  beforeAll(async () => {
    t = await createTestApp({ RSVP_RATE_LIMIT_PER_MINUTE: '100000' });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    areas = await productAreas(t);
    ({ cityId, memberIds } = await cityWithMembers(t, 8, 'match'));
    [{ name: cityName }] = await t.db.query(`SELECT name FROM cities WHERE id = $1`, [cityId]);
    camera = await signedIn(t, 'engineer');
    battery = await signedIn(t, 'engineer');
    steward = await signedIn(t, 'steward');
    await profile(camera, [areas.camera, areas.os], [areas.camera], cityId);
    await profile(battery, [areas.battery], [areas.battery], cityId);
    await api('put', '/api/matching/settings')
      .send({ minEngineers: 1, maxEngineers: 1, maxMeetupsPerMonth: 2, maxTripsPerMonth: 1, travelWeight: 1 })
      .expect(200);
    cameraMeetup = await scheduledMeetup(t, cityId, { daysAhead: 9, title: 'Camera night' });
    osMeetup = await scheduledMeetup(t, cityId, { daysAhead: 12, title: 'Battery day' });
  });
  afterAll(() => t.close());

  it('proposes from the questions, confirms, mails the engineer, and shows them exactly their meetup’s questions', async () => {
    const asked = await attendeesAsk(cameraMeetup, memberIds.slice(0, 3), [
      [0, 'camera', 'Will night mode come to older phones?'],
      [1, 'camera', 'RAW export in the stock camera app?'],
      [2, 'os', 'When does the weekly build reach the stable channel?'],
    ]);
    // Up-votes weigh: the RAW question gets two.
    for (const i of [0, 2]) {
      await http()
        .post(`/api/rsvp/${asked.tokens.get(memberIds[i])!}/questions/${asked.ids[1]}/vote`)
        .expect(200);
    }
    await attendeesAsk(osMeetup, memberIds.slice(3, 5), [
      [0, 'battery', 'Why does standby drain 5% overnight?'],
      [1, 'battery', 'Fast charging for the older model?'],
    ]);

    const proposal = await api('post', '/api/matching/proposals').send({ weeks: 3 }).expect(201);
    expect(proposal.body).toMatchObject({ status: 'proposed', meetups: 2, proposed: 2, gaps: 0 });
    const review = await api('get', '/api/matching?weeks=3').expect(200);
    const cameraRow = review.body.find((m: { meetup: { id: number } }) => m.meetup.id === cameraMeetup);
    expect(cameraRow.demand.map((d: { slug: string; demand: number }) => [d.slug, d.demand])).toEqual([
      ['camera', 4],
      ['os', 1],
    ]);
    expect(cameraRow.assignments).toHaveLength(1);
    const [pair] = cameraRow.assignments;
    expect(pair).toMatchObject({ engineerId: camera.account.engineerId, state: 'proposed' });
    expect(pair.reasons).toMatchObject({
      covers: [
        { area: 'camera', demand: 4, depth: 'expert' },
        { area: 'os', demand: 1, depth: 'knows' },
      ],
      travel: { home: true, city: cityName },
      load: { meetups: 1, maxMeetups: 2 },
    });

    // Confirming sends the email through the outbox to the SMTP peer, with the .ics and the questions.
    await api('post', `/api/matching/assignments/${pair.id}`).send({ action: 'confirm' }).expect(201);
    const mail = await mailTo(t, camera.account.email, `You are confirmed for Camera night in ${cityName}`);
    expect(mail.attachments.map((a) => a.filename)).toEqual(['meetup.ics']);
    expect(mail.text).toContain('RAW export in the stock camera app? — 2 votes');
    expect(mail.text).toContain('(Asia/Shanghai)');
    // The email is written in the confirmation's transaction: the engineer is on the team, the questions theirs.
    expect(mail.text).toMatch(/Engineers: E\d+ Engineer \d+/);
    expect(mail.text).toContain('RAW export in the stock camera app? — 2 votes · Fan, ' + cityName + ' · for you');
    expect(mail.text).not.toContain('Why does standby drain');

    // The engineer's own page and API: their meetup only, questions by area, most voted first, first name and city.
    const list = await camera.agent.get('/my/meetups').expect(200);
    expect(list.text).toContain('Camera night');
    expect(list.text).not.toContain('Battery day');
    const brief = await camera.agent.get(`/api/my/meetups/${cameraMeetup}`).expect(200);
    expect(
      brief.body.productAreas.map((a: { productArea: { slug: string }; questions: { body: string }[] }) => [
        a.productArea.slug,
        a.questions.map((q) => q.body),
      ]),
    ).toEqual([
      ['camera', ['RAW export in the stock camera app?', 'Will night mode come to older phones?']],
      ['os', ['When does the weekly build reach the stable channel?']],
    ]);
    expect(brief.body.productAreas[0].questions[0].asker).toEqual({
      firstName: 'Fan',
      city: cityName,
      attending: true,
    });
    expect(JSON.stringify(brief.body)).not.toMatch(/Fan match \d|@example\.com/);
    expect(brief.body.productAreas[0].questions[0].routedTo).toMatchObject({ engineerId: camera.account.engineerId });
    const page = await camera.agent.get(`/my/meetups/${cameraMeetup}`).expect(200);
    expect(page.text).toContain('RAW export in the stock camera app?');
    expect(page.text).not.toContain('Why does standby drain');

    // At the meetup: a question marked answered with a note.
    const questionId = brief.body.productAreas[0].questions[0].id;
    const answered = await camera.agent
      .post(`/api/my/meetups/${cameraMeetup}/questions/${questionId}/answer`)
      .set('X-CSRF-Token', camera.csrf)
      .send({ note: 'On the roadmap for 7.2' })
      .expect(201);
    expect(answered.body.answer).toMatchObject({ note: 'On the roadmap for 7.2' });
  });

  it('refuses another engineer, with 403 on the page and the API, and any engineer on a meetup they are not confirmed for', async () => {
    // battery was proposed for the other meetup, never confirmed; camera is confirmed for cameraMeetup only.
    for (const path of [`/my/meetups/${cameraMeetup}`, `/api/my/meetups/${cameraMeetup}`]) {
      await battery.agent.get(path).expect(403);
      await steward.agent.get(path).expect(403);
    }
    await camera.agent.get(`/api/my/meetups/${osMeetup}`).expect(403);
    const refused = await camera.agent.get(`/my/meetups/${osMeetup}`).expect(403);
    expect(refused.text).toContain('engineers see only the meetups they go to');
    // The staff questions of a meetup stay staff-only; answering another meetup's question too.
    await camera.agent.get(`/api/meetups/${osMeetup}/questions`).expect(403);
    await battery.agent
      .post(`/api/my/meetups/${cameraMeetup}/questions/1/answer`)
      .set('X-CSRF-Token', battery.csrf)
      .send({ note: 'x' })
      .expect(403);
    const nothing = await t.db.query(`SELECT count(*)::int AS n FROM question_answers WHERE engineer_id = $1`, [
      battery.account.engineerId,
    ]);
    expect(nothing[0].n).toBe(0);
  });

  it('keeps the confirmed engineer when re-matching, and refuses to exclude them with 409', async () => {
    const again = await api('post', '/api/matching/proposals').send({ weeks: 3 }).expect(201);
    expect(again.body.status).toBe('proposed');
    const review = await api('get', '/api/matching?weeks=3').expect(200);
    const row = review.body.find((m: { meetup: { id: number } }) => m.meetup.id === cameraMeetup);
    const confirmed = row.assignments.find((a: { state: string }) => a.state === 'confirmed');
    expect(confirmed.engineerId).toBe(camera.account.engineerId);
    await api('post', `/api/matching/assignments/${confirmed.id}`).send({ action: 'exclude' }).expect(409);
    await api('post', `/api/matching/assignments/${confirmed.id}`).send({ action: 'explode' }).expect(400);
    await api('post', `/api/matching/assignments/999999`).send({ action: 'pin' }).expect(404);
  });

  it('explains an infeasible horizon in words and changes nothing', async () => {
    await api('put', '/api/matching/settings')
      .send({ minEngineers: 3, maxEngineers: 4, maxMeetupsPerMonth: 2, maxTripsPerMonth: 1, travelWeight: 1 })
      .expect(200);
    const before = await t.db.query(`SELECT * FROM engineer_assignments ORDER BY id`);
    const outcome = await api('post', '/api/matching/proposals').send({ weeks: 3 }).expect(201);
    expect(outcome.body.status).toBe('infeasible');
    expect(outcome.body.reasons[0].text).toMatch(
      new RegExp(`^${cityName} needs 3 engineers; only 2 are available on `),
    );
    expect(await t.db.query(`SELECT * FROM engineer_assignments ORDER BY id`)).toEqual(before);
    await api('put', '/api/matching/settings')
      .send({ minEngineers: 5, maxEngineers: 4, maxMeetupsPerMonth: 2, maxTripsPerMonth: 1, travelWeight: 1 })
      .expect(400);
  });

  it('lets an engineer set their own unavailable dates, and refuses an impossible date with 400', async () => {
    const page = await camera.agent.get('/my/availability').expect(200);
    await camera.agent
      .post('/my/availability')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), unavailableDates: '2027-01-16\n2027-02-01', availability: 'Not in February' })
      .expect(303);
    const saved = await camera.agent.get('/api/my/availability').expect(200);
    expect(saved.body).toEqual({ unavailableDates: ['2027-01-16', '2027-02-01'], availability: 'Not in February' });
    await camera.agent
      .put('/api/my/availability')
      .set('X-CSRF-Token', camera.csrf)
      .send({ unavailableDates: ['2027-02-30'] })
      .expect(400);
    await steward.agent.get('/api/my/availability').expect(403);
  });
});
