import request from 'supertest';
import { signedIn } from '../support/accounts';
import { ForumPeer } from '../support/forum-peer';
import { createTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

const SECRET = 'forum-webhook-secret-0123456789abcdef';

describe('forum announcement through the webhook', () => {
  let t: TestApp;
  const forum = new ForumPeer(SECRET);
  let cityId: number;
  let day = 0;

  beforeAll(async () => {
    const url = await forum.start();
    t = await createTestApp({
      FORUM_WEBHOOK_URL: url,
      FORUM_WEBHOOK_SECRET: SECRET,
      FORUM_RETRY_LIMIT: '2',
      FORUM_RETRY_DELAY_SECONDS: '1',
    });
    [{ id: cityId }] = await t.db.query(`INSERT INTO cities (name) VALUES ('Chengdu') RETURNING id`);
  });
  afterAll(async () => {
    await t.close();
    await forum.stop();
  });

  const api = () => ({
    get: (path: string) => request(t.app.getHttpServer()).get(path).set('Authorization', t.bearer),
    put: (path: string, body: object) =>
      request(t.app.getHttpServer()).put(path).set('Authorization', t.bearer).send(body),
    post: (path: string, body: object = {}) =>
      request(t.app.getHttpServer()).post(path).set('Authorization', t.bearer).send(body),
  });

  /** A meetup on a day of its own, moved to `status` through the API. */
  async function meetup(status: 'draft' | 'scheduled' = 'scheduled'): Promise<number> {
    day += 1;
    const date = `2027-03-${String(day).padStart(2, '0')}`;
    const { body } = await api()
      .post('/api/meetups', {
        cityId,
        title: `Meetup ${day}`,
        venue: 'Tea house',
        startsAt: `${date}T19:00`,
        endsAt: `${date}T21:00`,
      })
      .expect(201);
    if (status === 'scheduled') await api().post(`/api/meetups/${body.id}/status`, { status: 'scheduled' }).expect(200);
    return body.id as number;
  }

  const state = async (id: number) => (await api().get(`/api/meetups/${id}/announcement`).expect(200)).body;
  const settled = (id: number, ms = 20_000) =>
    waitFor(
      async () => {
        const a = await state(id);
        return a.state === 'published' || a.state === 'failed' ? a : null;
      },
      ms,
      'the forum delivery to settle',
    );
  const requestsFor = (id: number) => forum.requests.filter((r) => r.body.meetupId === id);

  it('posts the announcement signed with HMAC-SHA256 and shows the published state with the post address', async () => {
    const id = await meetup();
    const generated = await state(id);
    expect(generated).toMatchObject({ stored: false, locale: 'zh-CN', state: 'draft', channel: 'webhook' });
    await api().put(`/api/meetups/${id}/announcement`, { locale: 'en', markdown: '# Chengdu\n\nCome!' }).expect(200);

    const queued = await api().post(`/api/meetups/${id}/announcement/publish`).expect(202);
    expect(queued.body.state).toBe('queued');
    const done = await settled(id);

    expect(done).toMatchObject({
      state: 'published',
      publishedBy: 'webhook',
      attempts: 1,
      forumAnswer: { status: 201 },
      forumUrl: `https://forum.example.com/t/meetup-${id}/${forum.requests.length}`,
      changedSincePublish: false,
    });
    const [sent] = requestsFor(id);
    expect(sent.signatureValid).toBe(true);
    expect(sent.headers['content-type']).toMatch(/^application\/json/);
    expect(sent.body).toMatchObject({
      meetupId: id,
      title: expect.stringMatching(/^Meetup \d+$/),
      city: 'Chengdu',
      timeZone: 'Asia/Shanghai',
      locale: 'en',
      markdown: '# Chengdu\n\nCome!',
      startsAt: expect.stringMatching(/^2027-03-\d\dT11:00:00\.000Z$/),
      idempotencyKey: done.sent.idempotencyKey,
    });
    expect(sent.headers['idempotency-key']).toBe(done.sent.idempotencyKey);
  });

  it('publishes an unchanged text once, and an edited one again under a new idempotency key', async () => {
    const id = await meetup();
    await api().post(`/api/meetups/${id}/announcement/publish`, { locale: 'en', markdown: 'First' }).expect(202);
    const first = await settled(id);
    const again = await api().post(`/api/meetups/${id}/announcement/publish`).expect(409);
    expect(again.body.message).toMatch(/already on the forum/);

    const edited = await api().put(`/api/meetups/${id}/announcement`, { locale: 'en', markdown: 'Second' }).expect(200);
    expect(edited.body).toMatchObject({ state: 'published', changedSincePublish: true, markdown: 'Second' });
    await api().post(`/api/meetups/${id}/announcement/publish`).expect(202);
    await waitFor(async () => requestsFor(id).length === 2 && (await state(id)).state === 'published');
    const [a, b] = requestsFor(id);
    expect(b.body.markdown).toBe('Second');
    expect(b.body.idempotencyKey).not.toBe(a.body.idempotencyKey);
    expect((await state(id)).sent.idempotencyKey).not.toBe(first.sent.idempotencyKey);
  });

  it('retries a 500 and a 429 with backoff, under the same idempotency key, until the forum takes it', async () => {
    const id = await meetup();
    forum.answer({ status: 500, body: 'upstream broke' }, { status: 429, body: { error: 'slow down' } });
    await api().post(`/api/meetups/${id}/announcement/publish`, { locale: 'zh-CN', markdown: '# 成都' }).expect(202);
    // Between the attempts the page can tell what happened so far.
    const retrying = await waitFor(async () => {
      const a = await state(id);
      return a.forumAnswer.status === 500 ? a : null;
    });
    expect(retrying).toMatchObject({ state: 'queued', attempts: 1, forumAnswer: { body: 'upstream broke' } });
    const done = await settled(id);
    expect(done).toMatchObject({ state: 'published', attempts: 3, forumAnswer: { status: 201 }, lastError: null });
    const sent = requestsFor(id);
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((r) => r.body.idempotencyKey)).size).toBe(1);
    expect(sent.every((r) => r.signatureValid)).toBe(true);
  });

  it('retries while the forum cannot be reached and publishes once it is back', async () => {
    const id = await meetup();
    await forum.stop();
    await api().post(`/api/meetups/${id}/announcement/publish`, { locale: 'en', markdown: 'Outage' }).expect(202);
    const down = await waitFor(async () => {
      const a = await state(id);
      return a.lastError ? a : null;
    });
    expect(down).toMatchObject({ state: 'queued', attempts: 1, forumAnswer: { status: null } });
    expect(down.lastError).toMatch(/Could not reach the forum \(ECONNREFUSED\)/);
    await forum.start(forum.port);
    expect(await settled(id)).toMatchObject({ state: 'published', attempts: 2, lastError: null });
  });

  it('gives up after FORUM_RETRY_LIMIT retries and says so', async () => {
    const id = await meetup();
    forum.answer({ status: 503 }, { status: 503 }, { status: 503 });
    await api().post(`/api/meetups/${id}/announcement/publish`, { locale: 'en', markdown: 'Down' }).expect(202);
    const done = await settled(id);
    expect(done).toMatchObject({ state: 'failed', attempts: 3, forumAnswer: { status: 503 } });
    expect(done.lastError).toMatch(/Gave up after 3 attempts/);
    expect(requestsFor(id)).toHaveLength(3);
  });

  it('fails at once on a 4xx other than 429, keeps the forum answer, and may be published again', async () => {
    const id = await meetup();
    forum.answer({ status: 422, body: { error: 'title too long for the forum' } });
    await api().post(`/api/meetups/${id}/announcement/publish`, { locale: 'en', markdown: 'Too long' }).expect(202);
    const failed = await settled(id);
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, forumAnswer: { status: 422 } });
    expect(failed.forumAnswer.body).toContain('title too long for the forum');
    expect(failed.lastError).toMatch(/refused the announcement \(422\)/);
    expect(requestsFor(id)).toHaveLength(1);

    await api().post(`/api/meetups/${id}/announcement/publish`, { locale: 'en', markdown: 'Short' }).expect(202);
    expect(await settled(id)).toMatchObject({ state: 'published', attempts: 1 });
  });

  it('publishes from the page (CSRF form) and shows the outcome there; a refusal shows the forum answer', async () => {
    const { agent, csrf } = await signedIn(t, 'staff');
    const id = await meetup();
    const page = await agent.get(`/meetups/${id}/announcement?generate=en`).expect(200);
    expect(page.text).toContain('<button type="submit" name="action" value="publish">Publish to the forum</button>');
    expect(page.text).toContain('# Fan meetup in Chengdu');
    await agent
      .post(`/meetups/${id}/announcement`)
      .type('form')
      .send({ _csrf: csrf, action: 'publish', locale: 'en', markdown: '# From the page\r\n\r\nSee you!' })
      .expect(303);
    const done = await settled(id);
    expect(done).toMatchObject({ state: 'published', markdown: '# From the page\n\nSee you!' });
    const after = await agent.get(`/meetups/${id}/announcement`).expect(200);
    expect(after.text).toContain('<span class="badge announcement-published" id="publication-state">published</span>');
    expect(after.text).toContain(`<a href="${done.forumUrl}">`);
    const detail = await agent.get(`/meetups/${id}`).expect(200);
    expect(detail.text).toContain('<span class="badge announcement-published">published</span>');

    const refused = await meetup();
    forum.answer({ status: 403, body: { error: 'this board is closed' } });
    await agent
      .post(`/meetups/${refused}/announcement`)
      .type('form')
      .send({ _csrf: csrf, action: 'publish', locale: 'en', markdown: 'Closed board' })
      .expect(303);
    await settled(refused);
    const failed = await agent.get(`/meetups/${refused}/announcement`).expect(200);
    expect(failed.text).toContain('<span class="badge announcement-failed" id="publication-state">failed</span>');
    expect(failed.text).toContain('this board is closed');
    expect(failed.text).toContain('check that it has the same FORUM_WEBHOOK_SECRET');
    expect(failed.text).toMatch(/<dd id="publication-attempts">1<\/dd>/);
  });

  it('refuses bad input with 400 naming the fields, and changes nothing', async () => {
    const id = await meetup();
    const bad = await api()
      .put(`/api/meetups/${id}/announcement`, { locale: 'fr', markdown: '   ', extra: 1 })
      .expect(400);
    expect(bad.body.message).toEqual(
      expect.arrayContaining([
        'locale must be one of zh-CN, en',
        'markdown must not be empty',
        'property extra should not exist',
      ]),
    );
    await api()
      .put(`/api/meetups/${id}/announcement`, { locale: 'en', markdown: 'x'.repeat(20001) })
      .expect(400);
    const half = await api().post(`/api/meetups/${id}/announcement/publish`, { markdown: 'no locale' }).expect(400);
    expect(half.body.message).toMatch(/locale and markdown together/);
    await api().post(`/api/meetups/${id}/announcement/mark-published`, { forumUrl: 'javascript:alert(1)' }).expect(400);
    await api().get(`/api/meetups/${id}/announcement?locale=fr`).expect(400);
    await api().get(`/api/meetups/999999/announcement`).expect(404);
    await api().put(`/api/meetups/999999/announcement`, { locale: 'en', markdown: 'x' }).expect(404);
    await api().post(`/api/meetups/999999/announcement/publish`).expect(404);
    await api().get(`/api/meetups/abc/announcement`).expect(400);
    const rows = await t.db.query('SELECT count(*)::int AS n FROM meetup_announcements WHERE meetup_id = $1', [id]);
    expect(rows[0].n).toBe(0);
  });

  it('refuses to announce a draft meetup or publish before anything is saved, with 409 saying why', async () => {
    const draft = await meetup('draft');
    const res = await api().post(`/api/meetups/${draft}/announcement/publish`, { locale: 'en', markdown: 'x' });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/Schedule the meetup before announcing it/);
    const scheduled = await meetup();
    const unsaved = await api().post(`/api/meetups/${scheduled}/announcement/publish`).expect(409);
    expect(unsaved.body.message).toMatch(/Save the announcement first/);
    const rows = await t.db.query('SELECT count(*)::int AS n FROM meetup_announcements WHERE meetup_id = ANY ($1)', [
      [draft, scheduled],
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('renders a safe preview of the Markdown and stores nothing', async () => {
    const id = await meetup();
    const res = await api()
      .post(`/api/meetups/${id}/announcement/preview`, { markdown: '**Hi** <script>x</script>' })
      .expect(200);
    expect(res.body.html).toContain('<strong>Hi</strong>');
    expect(res.body.html).not.toContain('<script>');
    expect((await state(id)).stored).toBe(false);
  });
});

describe('forum announcement without a webhook', () => {
  let t: TestApp;
  let id: number;
  beforeAll(async () => {
    t = await createTestApp();
    const [{ id: cityId }] = await t.db.query(`INSERT INTO cities (name) VALUES ('Wuhan') RETURNING id`);
    const http = request(t.app.getHttpServer());
    const created = await http
      .post('/api/meetups')
      .set('Authorization', t.bearer)
      .send({ cityId, title: 'Wuhan meetup', startsAt: '2027-04-03T19:00', endsAt: '2027-04-03T21:00' })
      .expect(201);
    id = created.body.id;
    await request(t.app.getHttpServer())
      .post(`/api/meetups/${id}/status`)
      .set('Authorization', t.bearer)
      .send({ status: 'scheduled' })
      .expect(200);
  });
  afterAll(() => t.close());

  const post = (path: string, body: object = {}) =>
    request(t.app.getHttpServer()).post(path).set('Authorization', t.bearer).send(body);

  it('answers "publish" with 409 telling staff to post it by hand, and queues nothing', async () => {
    const res = await post(`/api/meetups/${id}/announcement/publish`, { locale: 'en', markdown: 'Hello' }).expect(409);
    expect(res.body.message).toMatch(/No forum webhook is configured.*Mark as published by hand/);
    const [row] = await t.db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'forum-announce'`);
    expect(row.n).toBe(0);
  });

  describe('page', () => {
    it('offers copying and marking by hand instead of Publish, with a server-rendered preview', async () => {
      const { agent } = await signedIn(t, 'staff');
      const page = await agent.get(`/meetups/${id}/announcement`).expect(200);
      expect(page.text).not.toContain('value="publish"');
      expect(page.text).toContain('No forum webhook is set up (FORUM_WEBHOOK_URL)');
      expect(page.text).toContain('data-copy="markdown"');
      expect(page.text).toContain('value="mark-published"');
      expect(page.text).toContain('<script src="/assets/announcement.js" defer></script>');
      // The generated Chinese text, in the textarea and rendered in the preview.
      expect(page.text).toMatch(/<textarea id="markdown"[^>]*># Wuhan 粉丝同城会：Wuhan meetup/);
      expect(page.text).toContain('<h1>Wuhan 粉丝同城会：Wuhan meetup</h1>');
    });

    it('previews without saving, saves, and refuses Publish with a clear 409 keeping the text', async () => {
      const { agent, csrf } = await signedIn(t, 'staff');
      const send = (fields: Record<string, string>) =>
        agent
          .post(`/meetups/${id}/announcement`)
          .type('form')
          .send({ _csrf: csrf, locale: 'en', ...fields });
      const preview = await send({ action: 'preview', markdown: '**Bold** <b>raw</b>' }).expect(200);
      expect(preview.text).toContain('<strong>Bold</strong> &lt;b&gt;raw&lt;/b&gt;');
      expect((await t.db.query('SELECT count(*)::int AS n FROM meetup_announcements'))[0].n).toBe(0);

      await send({ action: 'save', markdown: 'Saved text' }).expect(303);
      const [saved] = await t.db.query('SELECT markdown, state FROM meetup_announcements WHERE meetup_id = $1', [id]);
      expect(saved).toEqual({ markdown: 'Saved text', state: 'draft' });

      const refused = await send({ action: 'publish', markdown: 'Unsaved edit' }).expect(409);
      expect(refused.text).toContain('No forum webhook is configured');
      expect(refused.text).toContain('>Unsaved edit</textarea>');
      const bad = await send({ action: 'mark-published', markdown: 'Unsaved edit', forumUrl: 'not a url' }).expect(400);
      expect(bad.text).toContain('id="forumUrl-error" class="field-error">forumUrl must be the http(s) address');
      expect(bad.text).toContain('value="not a url"');
      await send({ action: 'explode', markdown: 'x' }).expect(400);
      await send({ action: 'save', markdown: '   ' }).expect(400);
      const forged = await agent
        .post(`/meetups/${id}/announcement`)
        .type('form')
        .set('Accept', 'text/html')
        .send({ action: 'save', locale: 'en', markdown: 'Forged' })
        .expect(403);
      expect(forged.text).toContain('Reload the page');
      const [after] = await t.db.query('SELECT markdown, state FROM meetup_announcements WHERE meetup_id = $1', [id]);
      expect(after).toEqual({ markdown: 'Saved text', state: 'draft' });
    });

    it('marks it published by hand from the page, with the post address', async () => {
      const { agent, csrf } = await signedIn(t, 'staff');
      await agent
        .post(`/meetups/${id}/announcement`)
        .type('form')
        .send({
          _csrf: csrf,
          action: 'mark-published',
          locale: 'en',
          markdown: 'Posted by hand',
          forumUrl: 'https://forum.example.com/t/wuhan/6',
        })
        .expect(303);
      const page = await agent.get(`/meetups/${id}/announcement`).expect(200);
      expect(page.text).toContain('Announcement recorded as published by hand.');
      expect(page.text).toContain('<a href="https://forum.example.com/t/wuhan/6">');
      expect(page.text).toContain('(hand)');
    });
  });

  it('records a publication by hand with the post address, and notices a later edit', async () => {
    const res = await post(`/api/meetups/${id}/announcement/mark-published`, {
      locale: 'en',
      markdown: 'Hello Wuhan',
      forumUrl: 'https://forum.example.com/t/wuhan/7',
    }).expect(200);
    expect(res.body).toMatchObject({
      stored: true,
      state: 'published',
      publishedBy: 'hand',
      forumUrl: 'https://forum.example.com/t/wuhan/7',
      channel: 'manual',
      changedSincePublish: false,
    });
    const edited = await request(t.app.getHttpServer())
      .put(`/api/meetups/${id}/announcement`)
      .set('Authorization', t.bearer)
      .send({ locale: 'en', markdown: 'Hello Wuhan, again' })
      .expect(200);
    expect(edited.body).toMatchObject({ state: 'published', changedSincePublish: true });
  });
});
