import request from 'supertest';
import { BoardItemsService } from '../../src/boards/items/board-items.service';
import { EngineersService } from '../../src/engineers/engineers.service';
import { createAccount, signedIn } from '../support/accounts';
import { memberAgent, staffItem, votesOf } from '../support/boards';
import { ForumPeer } from '../support/forum-peer';
import { theForm } from '../support/html-forms';
import { mailTo, subjectsTo } from '../support/mailbox';
import { cityWithMembers } from '../support/meetups';
import { productAreas } from '../support/questions';
import { createTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

const SECRET = 'board-webhook-secret-0123456789abcdef';

describe('product boards: staff, engineers, releases, the forum', () => {
  const forum = new ForumPeer(SECRET);
  let t: TestApp;
  let areas: Record<string, number>;
  let members: string[];
  let staffId: number;
  let staff: Awaited<ReturnType<typeof signedIn>>;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    await forum.start();
    t = await createTestApp({
      BOARD_WEBHOOK_URL: forum.url,
      BOARD_WEBHOOK_SECRET: SECRET,
      BOARD_DIGEST_DELAY_SECONDS: '1',
      FORUM_RETRY_DELAY_SECONDS: '1',
    });
    areas = await productAreas(t);
    // Members 0 and 3 read English, the others Chinese.
    members = (await cityWithMembers(t, 6, 'staffboard')).memberIds;
    staffId = (await createAccount(t, 'staff')).id;
    staff = await signedIn(t, 'staff');
  });
  afterAll(async () => {
    await t.close();
    await forum.stop();
  });

  it('merges two items a member voted on both: counted once, followers move, the duplicate redirects; undo restores', async () => {
    const target = await staffItem(t, areas.os, 'Lock screen clock styles', staffId);
    const dup = await staffItem(t, areas.os, 'More clock faces on the lock screen', staffId);
    const both = await memberAgent(t, members[0]);
    const dupOnly = await memberAgent(t, members[1]);
    const targetOnly = await memberAgent(t, members[2]);
    for (const [m, ids] of [
      [both, [target.id, dup.id]],
      [dupOnly, [dup.id]],
      [targetOnly, [target.id]],
    ] as const) {
      for (const id of ids) await m.agent.post(`/api/board-items/${id}/vote`).set('X-CSRF-Token', m.csrf).expect(200);
    }
    await t.app.get(BoardItemsService).follow(dup.id, [members[4]], 'follower');
    expect((await votesOf(t, target.id)).column).toBe(2);

    const merged = await http()
      .post(`/api/board-items/${dup.id}/merge`)
      .set('Authorization', t.bearer)
      .send({ intoId: target.id })
      .expect(200);
    expect(merged.body.moved).toBe(1);
    expect(await votesOf(t, target.id)).toMatchObject({ column: 3, recount: 3 });
    const followers: { member_id: string }[] = await t.db.query(
      `SELECT member_id::text FROM board_followers WHERE item_id = $1`,
      [target.id],
    );
    expect(followers.map((f) => f.member_id)).toContain(members[4]);
    const dupJson = await http().get(`/api/board-items/${dup.id}`).expect(200);
    expect(dupJson.body).toMatchObject({ status: 'duplicate', mergedIntoId: target.id });
    const redirected = await http().get(`/board-items/${dup.id}`).expect(302);
    expect(redirected.headers.location).toBe(`/board-items/${target.id}?from=${dup.id}`);
    // Staff see the duplicate, "merged into …", with the undo button.
    const staffView = await staff.agent.get(`/board-items/${dup.id}`).expect(200);
    expect(staffView.text).toContain(`Merged into <a href="/board-items/${target.id}">`);
    // A merged item takes no votes.
    await dupOnly.agent.post(`/api/board-items/${dup.id}/vote`).set('X-CSRF-Token', dupOnly.csrf).expect(409);

    const undo = theForm(staffView.text, (f) => f.action.endsWith('/unmerge'), 'undo');
    await staff.agent.post(undo.action).type('form').send(undo.hidden).expect(303);
    expect(await votesOf(t, target.id)).toMatchObject({ column: 2, recount: 2 });
    expect(await votesOf(t, dup.id)).toMatchObject({ column: 2, recount: 2 });
    const after = await http().get(`/api/board-items/${dup.id}`).expect(200);
    expect(after.body).toMatchObject({ status: 'received', mergedIntoId: null });
    expect(after.body.history.map((h: { status: string }) => h.status)).toEqual(['received', 'duplicate', 'received']);
    const left: unknown[] = await t.db.query(`SELECT 1 FROM board_followers WHERE item_id = $1 AND member_id = $2`, [
      target.id,
      members[4],
    ]);
    expect(left).toHaveLength(0);
    await http().get(`/board-items/${dup.id}`).expect(200);

    // A declined item merged and unmerged comes back declined (its history entry still carries a note).
    await http()
      .post(`/api/board-items/${dup.id}/status`)
      .set('Authorization', t.bearer)
      .send({ status: 'declined', note: 'Clock faces come with themes.' })
      .expect(200);
    await http()
      .post(`/api/board-items/${dup.id}/merge`)
      .set('Authorization', t.bearer)
      .send({ intoId: target.id })
      .expect(200);
    await http().delete(`/api/board-items/${dup.id}/merge`).set('Authorization', t.bearer).expect(200);
    expect((await http().get(`/api/board-items/${dup.id}`).expect(200)).body.status).toBe('declined');
  });

  it('lets an engineer move an item of their area through the statuses with notes; outside the area: 403', async () => {
    const engineer = await signedIn(t, 'engineer');
    const profile = await t.app.get(EngineersService).get(engineer.account.engineerId!);
    await t.app
      .get(EngineersService)
      .save({ engineerCode: profile.engineerCode, name: profile.name, productAreaIds: [areas.camera] }, profile.id);
    const item = await staffItem(t, areas.camera, 'RAW capture in the default camera app', staffId);
    const setStatus = async (status: string, note: string) => {
      const page = await engineer.agent.get(`/board-items/${item.id}`).expect(200);
      const form = theForm(page.text, (f) => f.action.endsWith('/status'), 'status');
      await engineer.agent
        .post(form.action)
        .type('form')
        .send({ ...form.hidden, status, note })
        .expect(303);
    };
    await setStatus('under_review', '');
    await setStatus('planned', 'For the 7.2 camera update.');
    await setStatus('in_progress', '');
    await setStatus('shipped', ''); // refused: a note is required
    expect((await http().get(`/api/board-items/${item.id}`).expect(200)).body.status).toBe('in_progress');
    await setStatus('shipped', 'In weekly build 7.1.14.');

    const page = await http().get(`/board-items/${item.id}`).expect(200);
    expect(page.text).toContain(profile.engineerCode);
    expect(page.text).toContain('For the 7.2 camera update.');
    expect(page.text).toContain('In weekly build 7.1.14.');
    const json = (await http().get(`/api/board-items/${item.id}`).expect(200)).body;
    expect(json.handlerCode).toBe(profile.engineerCode);
    expect(
      json.history.map((h: { status: string; engineerCode: string | null }) => [h.status, h.engineerCode]),
    ).toEqual([
      ['received', null],
      ['under_review', profile.engineerCode],
      ['planned', profile.engineerCode],
      ['in_progress', profile.engineerCode],
      ['shipped', profile.engineerCode],
    ]);
    // The history cannot be rewritten, not even by SQL.
    await expect(t.db.query(`UPDATE board_item_statuses SET note = 'x' WHERE item_id = $1`, [item.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.query(`DELETE FROM board_item_statuses WHERE item_id = $1`, [item.id])).rejects.toThrow(
      /append-only/,
    );

    const elsewhere = await staffItem(t, areas.router, 'Guest Wi-Fi with a QR code', staffId);
    const page2 = await engineer.agent.get(`/board-items/${elsewhere.id}`).expect(200);
    expect(page2.text).not.toContain('/status"');
    await engineer.agent
      .post(`/board-items/${elsewhere.id}/status`)
      .type('form')
      .send({ _csrf: engineer.csrf, status: 'planned' })
      .expect(403);
    await engineer.agent
      .post(`/api/board-items/${elsewhere.id}/status`)
      .set('X-CSRF-Token', engineer.csrf)
      .send({ status: 'planned' })
      .expect(403);
    expect((await http().get(`/api/board-items/${elsewhere.id}`).expect(200)).body.status).toBe('received');
  });

  it('publishes a release that ships three items; each voter gets one digest listing the three', async () => {
    const titles = ['Faster fingerprint unlock', 'Per-app volume', 'Battery charge limit at 80%'];
    const items = [];
    for (const title of titles) items.push(await staffItem(t, areas.os, title, staffId));
    const voters = [members[3], members[5]];
    for (const id of voters) {
      const m = await memberAgent(t, id);
      for (const item of items)
        await m.agent.post(`/api/board-items/${item.id}/vote`).set('X-CSRF-Token', m.csrf).expect(200);
    }
    const release = await http()
      .post('/api/releases')
      .set('Authorization', t.bearer)
      .send({ title: '2027-01-14 weekly build 7.1.14', releasedOn: '2027-01-14', itemIds: items.map((i) => i.id) })
      .expect(201);
    await http().post(`/api/releases/${release.body.id}/publish`).set('Authorization', t.bearer).expect(200);
    for (const item of items) {
      const json = (await http().get(`/api/board-items/${item.id}`).expect(200)).body;
      expect(json.status).toBe('shipped');
      expect(json.history.at(-1)).toMatchObject({ status: 'shipped', releaseTitle: '2027-01-14 weekly build 7.1.14' });
    }
    const changelog = await http().get('/changelog').expect(200);
    expect(changelog.text).toContain('2027-01-14 weekly build 7.1.14');

    const english = await mailTo(t, 'staffboard-3@example.com', 'News on 3 suggestions you follow');
    for (const title of titles) expect(english.text).toContain(title);
    expect(english.text).toContain('2027-01-14 weekly build 7.1.14');
    expect(english.headers['list-unsubscribe']).toContain('/board-mail/unsubscribe/');
    expect(english.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const chinese = await mailTo(t, 'staffboard-5@example.com', '你关注的 3 条建议有了新进展');
    expect(chinese.text).toContain('已发布');
    // Another milestone the same day waits for tomorrow's digest: still one mail each.
    await new Promise((r) => setTimeout(r, 2500));
    for (const address of ['staffboard-3@example.com', 'staffboard-5@example.com']) {
      const subjects = (await subjectsTo(t, address)).filter((s) => /suggestion|建议/.test(s));
      expect(subjects).toHaveLength(1);
    }

    // One click unsubscribes from board mail only.
    const link = new URL(english.headers['list-unsubscribe'].replace(/^<|>$/g, '')).pathname;
    await http().post(link).type('form').send('List-Unsubscribe=One-Click').expect(200);
    const [row] = await t.db.query(
      `SELECT s.unsubscribed_at IS NOT NULL AS boards, m.unsubscribed_at IS NOT NULL AS invitations
         FROM board_mail_settings s JOIN members m ON m.id = s.member_id WHERE s.member_id = $1`,
      [members[3]],
    );
    expect(row).toEqual({ boards: true, invitations: false });
  });

  it('serves a cacheable status badge (ETag, 304) and signs its webhooks', async () => {
    const item = await staffItem(t, areas.battery, 'Show charging speed in watts', staffId);
    const first = await http().get(`/board-items/${item.id}/badge.svg`).expect(200);
    expect(first.headers['content-type']).toContain('image/svg+xml');
    expect(first.headers['cache-control']).toContain('max-age');
    const svg = first.body instanceof Buffer ? first.body.toString() : first.text;
    expect(svg).toContain('Received');
    expect(svg).toContain('0 votes');
    const etag = first.headers.etag as string;
    await http().get(`/board-items/${item.id}/badge.svg`).set('If-None-Match', etag).expect(304);
    const voter = await memberAgent(t, members[0]);
    await voter.agent.post(`/api/board-items/${item.id}/vote`).set('X-CSRF-Token', voter.csrf).expect(200);
    const second = await http().get(`/board-items/${item.id}/badge.svg`).set('If-None-Match', etag).expect(200);
    expect(second.headers.etag).not.toBe(etag);

    await http()
      .post(`/api/board-items/${item.id}/status`)
      .set('Authorization', t.bearer)
      .send({ status: 'planned', note: 'Next quarter.' })
      .expect(200);
    const events = await waitFor(
      async () => {
        const mine = forum.requests.filter((r) => (r.body.item as { id?: string } | undefined)?.id === item.id);
        return mine.length >= 2 ? mine : undefined;
      },
      60_000,
      'two board webhooks for the item',
    );
    expect(events!.map((e) => e.body.event)).toEqual(['item.created', 'item.status_changed']);
    expect(events!.every((e) => e.signatureValid)).toBe(true);
    expect(events![1].body.item).toMatchObject({ status: 'planned', votes: 1, board: 'battery' });
    expect(events![0].headers['x-meetloop-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('has staff moderate a new member’s first item; their next item is listed at once', async () => {
    const { agent, csrf } = await memberAgent(t, members[4]);
    const posted = await agent
      .post('/api/board-items')
      .set('X-CSRF-Token', csrf)
      .send({ board: 'router', title: 'Mesh Wi-Fi setup from the phone' })
      .expect(201);
    expect(posted.body.moderation).toBe('pending');
    const queue = await staff.agent.get('/staff/boards').expect(200);
    expect(queue.text).toContain('Mesh Wi-Fi setup from the phone');
    const approve = theForm(
      queue.text,
      (f) => f.action.startsWith(`/board-items/${posted.body.id}/moderation`) && f.hidden.decision === 'approve',
      'approve',
    );
    await staff.agent.post(approve.action).type('form').send(approve.hidden).expect(303);
    await http().get(`/board-items/${posted.body.id}`).expect(200);
    // Their next item is listed at once.
    const next = await agent
      .post('/api/board-items')
      .set('X-CSRF-Token', csrf)
      .send({ board: 'router', title: 'Parental controls per device' })
      .expect(201);
    expect(next.body.moderation).toBe('approved');
  });
});
