import request from 'supertest';
import { AccountsService } from '../../src/accounts/accounts.service';
import { EngineersService } from '../../src/engineers/engineers.service';
import { RsvpService } from '../../src/invitations/rsvp/rsvp.service';
import { AssignmentsService } from '../../src/matching/assignments.service';
import { EngineerBriefService } from '../../src/matching/engineer-brief.service';
import { createAccount, signedIn } from '../support/accounts';
import { cityWithMembers, invite, scheduledMeetup } from '../support/meetups';
import { productAreas } from '../support/questions';
import { createTestApp, TestApp } from '../support/test-app';

describe('matching pages for staff', () => {
  let t: TestApp;
  let staff: Awaited<ReturnType<typeof signedIn>>;
  let meetupId: number;
  const engineerIds: number[] = [];

  const assignments = async () =>
    (await t.db.query(
      `SELECT id, engineer_id AS "engineerId", state, pinned FROM engineer_assignments WHERE meetup_id = $1 ORDER BY id`,
      [meetupId],
    )) as { id: number; engineerId: number; state: string; pinned: boolean }[];
  const form = (path: string, fields: Record<string, string | number>) =>
    staff.agent
      .post(path)
      .type('form')
      .send({ _csrf: staff.csrf, ...fields });

  beforeAll(async () => {
    t = await createTestApp({ JOBS_WORKERS: 'false' });
    const areas = await productAreas(t);
    const { cityId, memberIds } = await cityWithMembers(t, 2, 'pages');
    meetupId = await scheduledMeetup(t, cityId, { daysAhead: 10, title: 'Wuhan meetup' });
    const tokens = await invite(t, meetupId, memberIds);
    await t.app.get(RsvpService).answer(tokens.get(memberIds[0])!, 'accept', {});
    await request(t.app.getHttpServer())
      .post(`/api/rsvp/${tokens.get(memberIds[0])!}/questions`)
      .send({ productAreaId: areas.os, body: 'Will the weekly build get a changelog?' })
      .expect(201);
    const engineers = t.app.get(EngineersService);
    for (const expert of [true, false, false]) {
      const account = await createAccount(t, 'engineer');
      const e = await engineers.get(account.engineerId!);
      await engineers.save(
        {
          engineerCode: e.engineerCode,
          name: e.name,
          homeCityId: cityId,
          productAreaIds: [areas.os],
          expertAreaIds: expert ? [areas.os] : [],
        },
        e.id,
      );
      engineerIds.push(e.id);
    }
    staff = await signedIn(t, 'staff');
    await t.app.get(AccountsService).setLocale(staff.account.id, 'zh-CN');
  });
  afterAll(() => t.close());

  it('shows the review in the viewer’s language and proposes from a form', async () => {
    await form('/matching/settings', {
      minEngineers: 1,
      maxEngineers: 1,
      maxMeetupsPerMonth: 2,
      maxTripsPerMonth: 1,
      travelWeight: 1,
    }).expect(303);
    await form('/matching/propose', { weeks: 3 }).expect(303);
    const page = await staff.agent.get('/matching?weeks=3').expect(200);
    expect(page.text).toContain('工程师匹配');
    expect(page.text).toContain('已为 1 场同城会建议 1 位工程师');
    expect(page.text).toContain('系统 1 · 专家');
    expect(await assignments()).toEqual([expect.objectContaining({ engineerId: engineerIds[0], state: 'proposed' })]);
  });

  it('pins, swaps an engineer in (the other is excluded), takes an exclusion back, and confirms all', async () => {
    const [first] = await assignments();
    await form(`/matching/assignments/${first.id}`, { action: 'pin' }).expect(303);
    expect((await assignments())[0].pinned).toBe(true);
    await form(`/matching/meetups/${meetupId}/engineers`, { engineerId: engineerIds[1], replacing: first.id }).expect(
      303,
    );
    expect(await assignments()).toEqual([
      expect.objectContaining({ engineerId: engineerIds[0], state: 'excluded', pinned: false }),
      expect.objectContaining({ engineerId: engineerIds[1], state: 'proposed', pinned: true }),
    ]);
    // Re-matching keeps the pinned engineer and never proposes the excluded one again.
    await form('/matching/propose', { weeks: 3 }).expect(303);
    expect((await assignments()).map((a) => [a.engineerId, a.state])).toEqual([
      [engineerIds[0], 'excluded'],
      [engineerIds[1], 'proposed'],
    ]);
    await form(`/matching/assignments/${first.id}`, { action: 'include' }).expect(303);
    expect((await assignments()).map((a) => a.engineerId)).toEqual([engineerIds[1]]);
    await form('/matching/confirm-all', { weeks: 3 }).expect(303);
    expect((await assignments())[0].state).toBe('confirmed');
    const mails = await t.db.query(`SELECT template FROM outbox_messages WHERE template LIKE 'engineer-%'`);
    expect(mails).toEqual([{ template: 'engineer-confirmed' }]);
  });

  it('mails each confirmed engineer their brief once, 3 days before the meetup', async () => {
    const [{ startsAt }] = await t.db.query(`SELECT starts_at AS "startsAt" FROM meetups WHERE id = $1`, [meetupId]);
    const briefs = t.app.get(AssignmentsService);
    const early = new Date(startsAt.getTime() - 4 * 24 * 3600 * 1000);
    expect(await briefs.sendDueBriefs(early)).toBe(0);
    const due = new Date(startsAt.getTime() - 2 * 24 * 3600 * 1000);
    expect(await briefs.sendDueBriefs(due)).toBe(1);
    expect(await briefs.sendDueBriefs(due)).toBe(0);
    const mails = await t.db.query(`SELECT template FROM outbox_messages WHERE template = 'engineer-brief'`);
    expect(mails).toHaveLength(1);
  });

  it('lists the unanswered questions for follow-up once the meetup is over', async () => {
    const briefs = t.app.get(EngineerBriefService);
    const [{ endsAt }] = await t.db.query(`SELECT ends_at AS "endsAt" FROM meetups WHERE id = $1`, [meetupId]);
    expect((await briefs.brief(meetupId, new Date(endsAt.getTime() - 60_000))).followUp).toBeNull();
    const after = await briefs.brief(meetupId, new Date(endsAt.getTime() + 60_000));
    expect(after.followUp!.map((q) => q.body)).toEqual(['Will the weekly build get a changelog?']);
    await briefs.markAnswered(engineerIds[1], meetupId, after.followUp![0].id, 'Yes, from 7.2');
    expect((await briefs.brief(meetupId, new Date(endsAt.getTime() + 60_000))).followUp).toEqual([]);
    await t.db.query(`DELETE FROM question_answers`);
  });

  it('answers bad input with a clear 4xx and changes nothing', async () => {
    const before = await assignments();
    await form('/matching/propose', { weeks: 0 }).expect(400);
    await form(`/matching/meetups/${meetupId}/engineers`, { engineerId: 999999 }).expect(404);
    await form(`/matching/meetups/${meetupId}/engineers`, { engineerId: engineerIds[1] }).expect(409);
    await form(`/matching/meetups/${meetupId}/engineers`, { engineerId: 'abc' }).expect(400);
    await form(`/matching/meetups/999999/engineers`, { engineerId: engineerIds[2] }).expect(404);
    await form(`/matching/assignments/${before[0].id}`, { action: 'explode' }).expect(400);
    await form('/matching/settings', {
      minEngineers: 3,
      maxEngineers: 2,
      maxMeetupsPerMonth: 2,
      maxTripsPerMonth: 1,
      travelWeight: 1,
    }).expect(400);
    expect(await assignments()).toEqual(before);
    // Staff have no engineer profile: their own-meetups API refuses with 403.
    await staff.agent.get('/api/my/meetups').expect(403);
  });

  it('uses staff’s expected areas as demand before anyone asks, and refuses an unknown area with 400', async () => {
    const [{ cityId }] = await t.db.query(`SELECT city_id AS "cityId" FROM meetups WHERE id = $1`, [meetupId]);
    const quiet = await scheduledMeetup(t, cityId, { daysAhead: 16, title: 'Quiet meetup' });
    const [{ id: os }] = await t.db.query(`SELECT id FROM product_areas WHERE slug = 'os'`);
    await form(`/matching/meetups/${quiet}/expected-areas`, { productAreaIds: os }).expect(303);
    await form(`/matching/meetups/${quiet}/expected-areas`, { productAreaIds: 999999 }).expect(400);
    const review = await request(t.app.getHttpServer())
      .get('/api/matching?weeks=4')
      .set('Authorization', t.bearer)
      .expect(200);
    const row = review.body.find((m: { meetup: { id: number } }) => m.meetup.id === quiet);
    expect(row.demand).toEqual([expect.objectContaining({ slug: 'os', demand: 1, questions: 0, expected: true })]);
  });

  it('documents the matching and engineers’ routes in the OpenAPI document, pages left out', async () => {
    const docs = await request(t.app.getHttpServer()).get('/api/docs-json').set('Authorization', t.bearer).expect(200);
    const paths = docs.body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/api/matching']).sort()).toEqual(['get']);
    expect(Object.keys(paths['/api/matching/proposals'])).toEqual(['post']);
    expect(Object.keys(paths['/api/matching/assignments/{id}'])).toEqual(['post']);
    expect(Object.keys(paths['/api/matching/settings']).sort()).toEqual(['get', 'put']);
    expect(Object.keys(paths['/api/my/meetups/{id}'])).toEqual(['get']);
    expect(Object.keys(paths['/api/my/availability']).sort()).toEqual(['get', 'put']);
    expect(docs.body.components.schemas.BriefQuestionDto.properties.asker).toBeDefined();
    expect(Object.keys(paths).filter((p) => p.startsWith('/matching') || p.startsWith('/my'))).toEqual([]);
  });
});
