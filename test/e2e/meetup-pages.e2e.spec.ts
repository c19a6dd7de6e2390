import request from 'supertest';
import { signedIn } from '../support/accounts';
import { cityWithMembers, invite, scheduledMeetup } from '../support/meetups';
import { createTestApp, TestApp } from '../support/test-app';

type Agent = Awaited<ReturnType<typeof signedIn>>['agent'];

describe('meetup pages', () => {
  let t: TestApp;
  let agent: Agent;
  let csrf: string;
  let shanghai: number;
  let urumqi: number;

  beforeAll(async () => {
    t = await createTestApp();
    [{ id: shanghai }] = await t.db.query(`INSERT INTO cities (name) VALUES ('Shanghai') RETURNING id`);
    [{ id: urumqi }] = await t.db.query(
      `INSERT INTO cities (name, time_zone) VALUES ('Urumqi', 'Asia/Urumqi') RETURNING id`,
    );
    ({ agent, csrf } = await signedIn(t, 'staff'));
  });
  afterAll(() => t.close());

  const api = (body: object) =>
    request(t.app.getHttpServer()).post('/api/meetups').set('Authorization', t.bearer).send(body).expect(201);
  const count = async () => (await t.db.query('SELECT count(*)::int AS n FROM meetups'))[0].n as number;
  const form = (over: Record<string, string> = {}) => ({
    _csrf: csrf,
    cityId: String(urumqi),
    title: 'Urumqi spring meetup',
    venue: 'Grand Bazaar hall',
    address: '1 Bazaar Rd',
    startsAt: '2027-05-08T19:00',
    endsAt: '2027-05-08T22:00',
    rsvpDeadline: '2027-05-01T23:59',
    capacityMin: '30',
    capacityMax: '50',
    ...over,
  });

  it('lists upcoming meetups soonest first, then past ones, with status badges and a city filter', async () => {
    await api({ cityId: shanghai, title: 'Past Shanghai', startsAt: '2025-01-04T19:00', endsAt: '2025-01-04T21:00' });
    await api({ cityId: shanghai, title: 'Later Shanghai', startsAt: '2027-02-06T19:00', endsAt: '2027-02-06T21:00' });
    await api({ cityId: urumqi, title: 'Sooner Urumqi', startsAt: '2027-01-09T19:00', endsAt: '2027-01-09T21:00' });

    const page = await agent.get('/meetups').expect(200);
    const at = (s: string) => page.text.indexOf(s);
    expect(at('Sooner Urumqi')).toBeGreaterThan(at('<h2 id="upcoming-title">'));
    expect(at('Sooner Urumqi')).toBeLessThan(at('Later Shanghai'));
    expect(at('Later Shanghai')).toBeLessThan(at('<h2 id="past-title">'));
    expect(at('Past Shanghai')).toBeGreaterThan(at('<h2 id="past-title">'));
    expect(page.text).toContain('<span class="badge status-draft">draft</span>');
    expect(page.text).toContain('2027-01-09 19:00 (Asia/Urumqi)');

    const filtered = await agent.get(`/meetups?cityId=${shanghai}`).expect(200);
    expect(filtered.text).toContain('Later Shanghai');
    expect(filtered.text).not.toContain('Sooner Urumqi');
    await agent.get('/meetups?cityId=all').set('Accept', 'text/html').expect(400);
  });

  it('creates a meetup from the form, reading the times in the city zone', async () => {
    const blank = await agent.get(`/meetups/new?cityId=${urumqi}`).expect(200);
    expect(blank.text).toContain('<label for="startsAt">');
    expect(blank.text).toContain('<strong id="zone">Asia/Urumqi</strong>');
    expect(blank.text).toContain('name="capacityMin" type="number" min="1" max="500" value="30"');
    expect(blank.text).toContain('name="_csrf"');

    const res = await agent.post('/meetups').type('form').send(form()).expect(303);
    const id = Number(/^\/meetups\/(\d+)$/.exec(res.headers.location)?.[1]);
    const [row] = await t.db.query('SELECT starts_at, rsvp_deadline, status FROM meetups WHERE id = $1', [id]);
    expect(row.starts_at.toISOString()).toBe('2027-05-08T13:00:00.000Z');
    expect(row.rsvp_deadline.toISOString()).toBe('2027-05-01T17:59:00.000Z');
    expect(row.status).toBe('draft');

    const detail = await agent.get(`/meetups/${id}`).expect(200);
    expect(detail.text).toContain('Meetup &quot;Urumqi spring meetup&quot; created as a draft.');
    expect(detail.text).toContain('2027-05-08 19:00 (Asia/Urumqi)');
    expect(detail.text).not.toContain('GMT+6');
    expect(detail.text).toContain('2027-05-01 23:59 (Asia/Urumqi)');
    expect(detail.text).toMatch(/<dd>0 taken of \d+–\d+<\/dd>/);
    expect(detail.text).toContain('id="invitations"');
  });

  it('shows what is wrong beside the fields, keeps what was typed, and stores nothing', async () => {
    const before = await count();
    const res = await agent
      .post('/meetups')
      .type('form')
      .send(form({ title: '', venue: 'Kept venue', capacityMax: 'lots' }))
      .expect(400);
    expect(res.text).toContain('value="Kept venue"');
    expect(res.text).toContain('id="title-error" class="field-error">title must not be empty');
    expect(res.text).toMatch(/id="capacityMax-error" class="field-error">capacityMax must/);
    expect(res.text).toContain('aria-invalid="true" aria-describedby="title-error"');

    // Rules the service checks come back beside their field too.
    const order = await agent
      .post('/meetups')
      .type('form')
      .send(form({ startsAt: '2027-06-01T19:00', endsAt: '2027-06-01T18:00', rsvpDeadline: '' }))
      .expect(400);
    expect(order.text).toContain('id="endsAt-error" class="field-error">endsAt must be after startsAt.');
    expect(order.text).toContain('value="2027-06-01T18:00"');

    await agent
      .post('/meetups')
      .type('form')
      .send(form({ cityId: '999999' }))
      .expect(400);
    await agent
      .post('/meetups')
      .type('form')
      .send(form({ startsAt: 'soon' }))
      .expect(400);
    await agent
      .post('/meetups')
      .type('form')
      .send(form({ sneaky: 'x' }))
      .expect(400);
    expect(await count()).toBe(before);
  });

  it('says clearly when the meetup overlaps another in the same city (409), keeping the input', async () => {
    const before = await count();
    const res = await agent
      .post('/meetups')
      .type('form')
      .send(form({ title: 'Clashing', startsAt: '2027-05-08T21:00', endsAt: '2027-05-08T23:00' }))
      .expect(409);
    expect(res.text).toContain('Another meetup in this city overlaps this time; cancel or move it first.');
    expect(res.text).toContain('value="Clashing"');
    expect(await count()).toBe(before);
  });

  it('refuses a form without its CSRF token and changes nothing', async () => {
    const before = await count();
    const { _csrf, ...fields } = form({ title: 'Forged' });
    expect(_csrf).toBeTruthy();
    const res = await agent.post('/meetups').type('form').set('Accept', 'text/html').send(fields).expect(403);
    expect(res.text).toContain('Reload the page');
    expect(await count()).toBe(before);
  });

  it('edits a meetup through the form and clears its RSVP deadline', async () => {
    const { body: m } = await api({
      cityId: shanghai,
      title: 'To edit',
      startsAt: '2027-07-03T19:00',
      endsAt: '2027-07-03T21:00',
      rsvpDeadline: '2027-06-30T23:59',
    });
    const edit = await agent.get(`/meetups/${m.id}/edit`).expect(200);
    expect(edit.text).toContain('value="To edit"');
    expect(edit.text).toContain('value="2027-06-30T23:59"');
    await agent
      .post(`/meetups/${m.id}`)
      .type('form')
      .send(
        form({
          cityId: String(shanghai),
          title: 'Edited',
          startsAt: '2027-07-03T18:30',
          endsAt: '2027-07-03T21:00',
          rsvpDeadline: '',
        }),
      )
      .expect(303);
    const [row] = await t.db.query('SELECT title, starts_at, rsvp_deadline FROM meetups WHERE id = $1', [m.id]);
    expect(row).toMatchObject({ title: 'Edited', rsvp_deadline: null });
    expect(row.starts_at.toISOString()).toBe('2027-07-03T10:30:00.000Z');

    const bad = await agent
      .post(`/meetups/${m.id}`)
      .type('form')
      .send(form({ cityId: String(shanghai), title: 'Edited again', capacityMin: '80', capacityMax: '50' }))
      .expect(400);
    expect(bad.text).toContain('capacityMin (80) must not exceed capacityMax (50).');
    expect((await t.db.query('SELECT title FROM meetups WHERE id = $1', [m.id]))[0].title).toBe('Edited');
  });

  it('offers only the allowed status changes as buttons, and explains a stale one with 409', async () => {
    const { body: m } = await api({
      cityId: shanghai,
      title: 'Walk',
      startsAt: '2027-08-07T19:00',
      endsAt: '2027-08-07T21:00',
    });
    const buttons = async () =>
      [...(await agent.get(`/meetups/${m.id}`).expect(200)).text.matchAll(/name="status" value="(\w+)"/g)].map(
        (x) => x[1],
      );
    expect(await buttons()).toEqual(['scheduled', 'cancelled']);
    await agent.post(`/meetups/${m.id}/status`).type('form').send({ _csrf: csrf, status: 'scheduled' }).expect(303);
    expect(await buttons()).toEqual(['inviting', 'cancelled']);

    const stale = await agent
      .post(`/meetups/${m.id}/status`)
      .type('form')
      .send({ _csrf: csrf, status: 'held' })
      .expect(409);
    expect(stale.text).toContain('A scheduled meetup cannot become held; allowed: inviting, cancelled.');
    await agent.post(`/meetups/${m.id}/status`).type('form').send({ _csrf: csrf, status: 'bogus' }).expect(400);
    expect((await t.db.query('SELECT status FROM meetups WHERE id = $1', [m.id]))[0].status).toBe('scheduled');

    await agent.post(`/meetups/${m.id}/status`).type('form').send({ _csrf: csrf, status: 'cancelled' }).expect(303);
    expect(await buttons()).toEqual([]);
    const detail = await agent.get(`/meetups/${m.id}`).expect(200);
    expect(detail.text).not.toContain(`href="/meetups/${m.id}/edit"`);
    await agent.get(`/meetups/${m.id}/edit`).set('Accept', 'text/html').expect(409);
  });

  it('shows the RSVP funnel and links only the staff pages that fit the meetup now', async () => {
    const { cityId, memberIds } = await cityWithMembers(t, 3, 'funnel');
    const id = await scheduledMeetup(t, cityId, { title: 'Funnel meetup' });
    const links = async (a: Agent = agent) => {
      const page = await a.get(`/meetups/${id}`).expect(200);
      const section = page.text.slice(page.text.indexOf('id="invitations"'));
      return { section, hrefs: [...section.matchAll(/href="\/meetups\/\d+\/([\w-]+)"/g)].map((x) => x[1]) };
    };

    const before = await links();
    expect(before.hrefs).toEqual(['invitations', 'invitees']);
    expect(before.section).toContain('Nobody has been invited yet.');
    expect(before.section).not.toContain('<svg');

    const tokens = await invite(t, id, memberIds);
    const rsvp = (member: string, answer: string) =>
      request(t.app.getHttpServer())
        .post(`/api/rsvp/${tokens.get(member)}`)
        .send({ answer })
        .expect(200);
    await rsvp(memberIds[0], 'accept');
    await rsvp(memberIds[1], 'decline');

    const inviting = await links();
    expect(inviting.hrefs).toEqual(['invitations', 'invitees', 'questions', 'check-in', 'roster']);
    expect(inviting.section).toContain('<figure class="funnel"><svg');
    expect(inviting.section).toContain(
      '3 invited: 1 accepted, 0 holding a seat offer, 0 waitlisted, 1 declined, 0 expired, 1 not answered yet; 0 checked in.',
    );
    expect(inviting.section).toContain('>Choose invitees and send invitations</a>');

    const zh = await signedIn(t, 'staff');
    await t.db.query(`UPDATE accounts SET locale = 'zh-CN' WHERE id = $1`, [zh.account.id]);
    const chinese = await links(zh.agent);
    expect(chinese.section).toContain('报名漏斗');
    expect(chinese.section).toContain('>现场签到</a>');

    await request(t.app.getHttpServer())
      .post(`/api/meetups/${id}/status`)
      .set('Authorization', t.bearer)
      .send({ status: 'cancelled' })
      .expect(200);
    const cancelled = await links();
    expect(cancelled.hrefs).toEqual(['invitations', 'questions']);
    expect(cancelled.section).toContain('<svg');
  });

  it('answers a missing or malformed meetup with 404 and 400 pages', async () => {
    const missing = await agent.get('/meetups/999999').set('Accept', 'text/html').expect(404);
    expect(missing.text).toContain('Meetup 999999 does not exist.');
    await agent.get('/meetups/abc').set('Accept', 'text/html').expect(400);
    await agent
      .post('/meetups/999999/status')
      .type('form')
      .set('Accept', 'text/html')
      .send({ _csrf: csrf, status: 'scheduled' })
      .expect(404);
  });

  it('lists the next meetups on the dashboard, soonest first', async () => {
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('Sooner Urumqi');
    expect(home.text.indexOf('Sooner Urumqi')).toBeLessThan(home.text.indexOf('Later Shanghai'));
    expect(home.text).not.toContain('Past Shanghai');
    expect(home.text).toContain('<a href="/meetups"');
  });

  it('says titles and flashes in the language of a zh-CN account', async () => {
    const zh = await signedIn(t, 'staff');
    await t.db.query(`UPDATE accounts SET locale = 'zh-CN' WHERE id = $1`, [zh.account.id]);
    expect((await zh.agent.get('/meetups').expect(200)).text).toContain('<title>同城会 · Meetloop</title>');
    const res = await zh.agent
      .post('/meetups')
      .type('form')
      .send(
        form({ _csrf: zh.csrf, title: '乌鲁木齐秋季同城会', startsAt: '2027-10-09T19:00', endsAt: '2027-10-09T21:00' }),
      )
      .expect(303);
    const detail = await zh.agent.get(res.headers.location).expect(200);
    expect(detail.text).toContain('同城会“乌鲁木齐秋季同城会”已创建为草稿。');
    const edit = await zh.agent.get(`${res.headers.location}/edit`).expect(200);
    expect(edit.text).toContain('<title>编辑 乌鲁木齐秋季同城会 · Meetloop</title>');
  });

  it('words refusals in the language of a zh-CN account on pages, and in English for the API', async () => {
    const zh = await signedIn(t, 'staff');
    await t.db.query(`UPDATE accounts SET locale = 'zh-CN' WHERE id = $1`, [zh.account.id]);
    const missing = await zh.agent.get('/meetups/999999').set('Accept', 'text/html').expect(404);
    expect(missing.text).toContain('<li>同城会 999999 不存在。</li>');
    const api = await request(t.app.getHttpServer())
      .get('/api/meetups/999999')
      .set('Authorization', t.bearer)
      .expect(404);
    expect(api.body).toEqual({ statusCode: 404, error: 'Not found', message: 'Meetup 999999 does not exist.' });

    const forged = await zh.agent.post('/meetups').type('form').set('Accept', 'text/html').send(form()).expect(403);
    expect(forged.text).toContain('此表单已过期，或并非来自 Meetloop。请刷新页面后重试。');

    const engineer = await signedIn(t, 'engineer');
    const json = await engineer.agent.get('/api/meetups').expect(403);
    expect(json.body.message).toBe('This needs the role admin or staff; you are signed in as engineer.');
    await t.db.query(`UPDATE accounts SET locale = 'zh-CN' WHERE id = $1`, [engineer.account.id]);
    const page = await engineer.agent.get('/meetups').set('Accept', 'text/html').expect(403);
    expect(page.text).toContain('此页面需要管理员或工作人员角色；你当前登录的角色是工程师。');
  });

  it("words services' refusals in a zh-CN account's language beside the form and on the error page, in English for the API", async () => {
    const zh = await signedIn(t, 'staff');
    await t.db.query(`UPDATE accounts SET locale = 'zh-CN' WHERE id = $1`, [zh.account.id]);
    const zhForm = (over: Record<string, string>) => ({ ...form(over), _csrf: zh.csrf });
    const [{ id: kashgar }] = await t.db.query(
      `INSERT INTO cities (name, time_zone) VALUES ('Kashgar', 'Asia/Urumqi') RETURNING id`,
    );
    const first = await zh.agent
      .post('/meetups')
      .type('form')
      .send(zhForm({ cityId: String(kashgar), title: 'Kashgar' }))
      .expect(303);
    const id = Number(/(\d+)$/.exec(first.headers.location)?.[1]);

    // Beside the form: a clash (409) above it, a field's refusal (400) at the field.
    const clash = await zh.agent
      .post('/meetups')
      .type('form')
      .send(
        zhForm({ cityId: String(kashgar), title: 'Clash', startsAt: '2027-05-08T21:00', endsAt: '2027-05-08T23:00' }),
      )
      .expect(409);
    expect(clash.text).toContain('<p>该城市的另一场同城会与此时间重叠；请先取消或改期那一场。</p>');
    const backwards = await zh.agent
      .post(`/meetups/${id}`)
      .type('form')
      .send(zhForm({ cityId: String(kashgar), endsAt: '2027-05-08T18:00' }))
      .expect(400);
    expect(backwards.text).toContain('<small id="endsAt-error" class="field-error">结束时间必须晚于开始时间。</small>');

    // The status machine's 409 names the statuses in Chinese; the API keeps its English and its fields.
    const stale = await zh.agent
      .post(`/meetups/${id}/status`)
      .type('form')
      .send({ _csrf: zh.csrf, status: 'held' })
      .expect(409);
    expect(stale.text).toContain('状态为“草稿”的同城会不能改为“已举行”；可改为：已排定、已取消。');
    const api = await request(t.app.getHttpServer())
      .post(`/api/meetups/${id}/status`)
      .set('Authorization', t.bearer)
      .send({ status: 'held' })
      .expect(409);
    expect(api.body).toEqual({
      statusCode: 409,
      error: 'That clashes with something',
      message: 'A draft meetup cannot become held; allowed: scheduled, cancelled.',
      from: 'draft',
      to: 'held',
      allowed: ['scheduled', 'cancelled'],
    });

    // A held or cancelled meetup: the error page says why in Chinese.
    await t.db.query(`UPDATE meetups SET status = 'cancelled' WHERE id = $1`, [id]);
    const closed = await zh.agent.get(`/meetups/${id}/edit`).set('Accept', 'text/html').expect(409);
    expect(closed.text).toContain(`<li>同城会 ${id} 的状态为“已取消”，不能再编辑。</li>`);

    // An engineer form's conflict.
    const engineer = { engineerCode: 'E7777', name: 'Wang', _csrf: zh.csrf };
    await zh.agent.post('/engineers').type('form').send(engineer).expect(303);
    const taken = await zh.agent.post('/engineers').type('form').set('Accept', 'text/html').send(engineer).expect(409);
    expect(taken.text).toContain('<li>工程师 ID E7777 已被占用。</li>');
    const takenApi = await request(t.app.getHttpServer())
      .post('/api/engineers')
      .set('Authorization', t.bearer)
      .send({ engineerCode: 'E7777', name: 'Wang' })
      .expect(409);
    expect(takenApi.body.message).toBe('Engineer ID E7777 is already taken.');
  });

  it('keeps engineers out of the meetup pages', async () => {
    const engineer = await signedIn(t, 'engineer');
    await engineer.agent.get('/meetups').set('Accept', 'text/html').expect(403);
    await engineer.agent.get('/planner').set('Accept', 'text/html').expect(403);
    const home = await engineer.agent.get('/').expect(200);
    expect(home.text).not.toContain('Sooner Urumqi');
  });
});
