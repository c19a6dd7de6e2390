import request from 'supertest';
import { createAccount, csrfFrom, signedIn } from '../support/accounts';
import { memberAgent, staffItem, votesOf } from '../support/boards';
import { linksIn, mailTo } from '../support/mailbox';
import { cityWithMembers } from '../support/meetups';
import { productAreas } from '../support/questions';
import { createTestApp, TestApp } from '../support/test-app';
import { theForm } from '../support/html-forms';

describe('product boards: members', () => {
  let t: TestApp;
  let areas: Record<string, number>;
  let members: string[];
  let staffId: number;

  beforeAll(async () => {
    t = await createTestApp({ BOARD_MIN_FILL_SECONDS: '1' });
    areas = await productAreas(t);
    // Members 0 and 3 read English, the others Chinese.
    members = (await cityWithMembers(t, 4, 'board')).memberIds;
    staffId = (await createAccount(t, 'staff')).id;
  });
  afterAll(() => t.close());

  it('signs a member in by emailed link: the GET shows a button, the POST signs in, the link works once', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/member/sign-in').expect(200);
    const sent = await agent
      .post('/member/sign-in')
      .type('form')
      .send({ email: 'BOARD-0@example.com', _csrf: csrfFrom(form.text) })
      .expect(200);
    expect(sent.text).toContain('sign-in link is on its way');
    // An unknown address gets the same answer and no mail.
    const other = await agent
      .post('/member/sign-in')
      .type('form')
      .send({ email: 'nobody@example.com', _csrf: csrfFrom(form.text) })
      .expect(200);
    expect(other.text).toContain('sign-in link is on its way');

    const mail = await mailTo(t, 'board-0@example.com', 'Your sign-in link for the Meetloop boards');
    const link = linksIn(mail.html).find((l) => l.includes('/member/sign-in/'))!;
    const path = new URL(link).pathname;
    const stored: { token_hash: string }[] = await t.db.query(`SELECT token_hash FROM member_sign_in_links`);
    expect(stored).toHaveLength(1);
    expect(link).not.toContain(stored[0].token_hash);

    const page = await agent.get(path).expect(200);
    expect(page.text).toContain('Sign in as Fan board 0?');
    // Opening the link (a mail scanner) signed nobody in.
    await agent.get('/api/member/me').expect(401);
    await agent.get(path).expect(200);
    const button = theForm(page.text, (f) => f.action === path, 'sign-in');
    await agent.post(path).type('form').send(button.hidden).expect(303);
    const me = await agent.get('/api/member/me').expect(200);
    expect(me.body).toMatchObject({ id: members[0], name: 'Fan board 0' });

    // Once only.
    const again = request.agent(t.app.getHttpServer());
    await again.get(path).expect(410);
    const fresh = await again.get('/member/sign-in').expect(200);
    await again
      .post(path)
      .type('form')
      .send({ _csrf: csrfFrom(fresh.text) })
      .expect(410);
    await again.get('/api/member/me').expect(401);
  });

  it('keeps member and staff sessions apart', async () => {
    const { agent } = await memberAgent(t, members[1]);
    await agent.get('/api/members').expect(401);
    const staffPage = await agent.get('/members');
    expect(staffPage.status).toBe(303);
    expect(staffPage.headers.location).toMatch(/^\/login/);

    const staff = await signedIn(t, 'staff');
    const item = await staffItem(t, areas.os, 'Dark mode schedule by sunset', staffId);
    await staff.agent.post(`/api/board-items/${item.id}/vote`).set('X-CSRF-Token', staff.csrf).expect(401);
    expect((await votesOf(t, item.id)).column).toBe(0);
  });

  it('offers similar items while typing and before posting; a new member’s first item waits for moderation', async () => {
    const existing = await staffItem(t, areas.camera, 'Night mode for the front camera', staffId);
    await staffItem(t, areas.camera, '前置摄像头夜景模式', staffId);
    const typed = await request(t.app.getHttpServer())
      .get('/api/board-items/similar')
      .query({ q: 'front camera night', board: 'camera' })
      .expect(200);
    expect(typed.body.items.map((i: { id: string }) => i.id)).toContain(existing.id);
    const chinese = await request(t.app.getHttpServer())
      .get('/api/board-items/similar')
      .query({ q: '夜景模式' })
      .expect(200);
    expect(chinese.body.items.map((i: { title: string }) => i.title)).toContain('前置摄像头夜景模式');

    const { agent } = await memberAgent(t, members[3]);
    const form = await agent.get('/boards/camera/new').expect(200);
    const fields = theForm(form.text, (f) => f.action === '/boards/camera/new', 'suggestion');
    // Sent back at once: a bot's speed.
    const fast = await agent
      .post('/boards/camera/new')
      .type('form')
      .send({ ...fields.hidden, title: 'Front camera night mode please', description: '' })
      .expect(400);
    expect(fast.text).toContain('faster than a person types');
    await new Promise((r) => setTimeout(r, 1100));
    const trapped = await agent
      .post('/boards/camera/new')
      .type('form')
      .send({ ...fields.hidden, website: 'http://spam.example', title: 'Buy followers' })
      .expect(400);
    expect(trapped.text).toContain('could not be accepted');

    const offered = await agent
      .post('/boards/camera/new')
      .type('form')
      .send({ ...fields.hidden, title: 'Front camera night mode please', description: 'Selfies at night are dark.' })
      .expect(200);
    expect(offered.text).toContain('Similar suggestions');
    expect(offered.text).toContain(`/board-items/${existing.id}`);
    const confirm = theForm(offered.text, (f) => f.action === '/boards/camera/new', 'confirm');
    expect(confirm.hidden.confirmed).toBe('yes');
    const posted = await agent
      .post('/boards/camera/new')
      .type('form')
      .send({ ...confirm.hidden, title: 'Front camera night mode please', description: 'Selfies at night are dark.' })
      .expect(303);
    const itemPath = posted.headers.location as string;
    const mine = await agent.get(itemPath).expect(200);
    expect(mine.text).toContain('Waiting for moderation');
    // Nobody else sees it before moderation.
    await request(t.app.getHttpServer()).get(itemPath).expect(404);
    const myItems = await agent.get('/api/member/items').expect(200);
    expect(myItems.body[0]).toMatchObject({ title: 'Front camera night mode please', moderation: 'pending' });
  });

  it('lets a member vote once and withdraw, keeping the count equal to a recount', async () => {
    const item = await staffItem(t, areas.battery, 'Show battery health in settings', staffId);
    const { agent, csrf } = await memberAgent(t, members[0]);
    const page = await agent.get(`/board-items/${item.id}`).expect(200);
    const vote = theForm(page.text, (f) => f.action.endsWith('/vote'), 'vote');
    await agent.post(vote.action).type('form').send(vote.hidden).expect(303);
    await agent.post(vote.action).type('form').send(vote.hidden).expect(303);
    expect(await votesOf(t, item.id)).toMatchObject({ column: 1, recount: 1 });
    const voted = await agent.get(`/board-items/${item.id}`).expect(200);
    expect(voted.text).toContain('You voted for this.');
    expect(voted.text).toContain('1 vote');
    const myVotes = await agent.get('/api/member/votes').expect(200);
    expect(myVotes.body.map((v: { id: string }) => v.id)).toEqual([item.id]);

    const withdrawn = await agent.delete(`/api/board-items/${item.id}/vote`).set('X-CSRF-Token', csrf).expect(200);
    expect(withdrawn.body).toEqual({ voteCount: 0, voted: false });
    expect(await votesOf(t, item.id)).toMatchObject({ column: 0, recount: 0 });
    // Without a member session: 401, nothing changes.
    const stranger = request.agent(t.app.getHttpServer());
    const signInPage = await stranger.get('/member/sign-in').expect(200);
    await stranger.post(`/api/board-items/${item.id}/vote`).set('X-CSRF-Token', csrfFrom(signInPage.text)).expect(401);
    expect((await votesOf(t, item.id)).recount).toBe(0);
  });

  it('offers an item for a mistyped or unfinished title, nothing for an unrelated one, and follows title edits', async () => {
    const similar = async (q: string, board?: string) =>
      (
        await request(t.app.getHttpServer())
          .get('/api/board-items/similar')
          .query(board ? { q, board } : { q })
          .expect(200)
      ).body.items.map((i: { title: string }) => i.title) as string[];
    const title = 'Battery charge limit at 80 percent for overnight charging';
    const item = await staffItem(t, areas.battery, title, staffId);
    await staffItem(t, areas.battery, '夜间充电时电池充电上限设为百分之八十', staffId);

    // Two typos and an unfinished last word; then the same words in another order.
    expect(await similar('Batery charge limt at 80 percent for overni')).toContain(title);
    expect(await similar('charge limt', 'battery')).toContain(title);
    expect(await similar('overnight charging battery limit')).toContain(title);
    expect(await similar('电池充电上限')).toContain('夜间充电时电池充电上限设为百分之八十');
    // One wrong character in Chinese: the other pairs still match.
    expect(await similar('电池充电上线设为百分之八十')).toContain('夜间充电时电池充电上限设为百分之八十');
    expect(await similar('Podcast player skips silence automatically')).toEqual([]);
    expect(await similar('蓝牙耳机经常断开连接')).toEqual([]);

    // An edit moves the item's search key (a trigger copies it to board_item_search_keys).
    const staff = await signedIn(t, 'staff');
    await staff.agent
      .patch(`/api/board-items/${item.id}`)
      .set('X-CSRF-Token', staff.csrf)
      .send({ title: 'Adaptive charging learns my alarm time' })
      .expect(200);
    expect(await similar('Battery charge limit at 80 percent')).not.toContain(title);
    expect(await similar('adaptive charging alarm')).toContain('Adaptive charging learns my alarm time');
  });

  it('answers bad input with a clear 4xx and changes nothing', async () => {
    const http = () => request(t.app.getHttpServer());
    await http().get('/boards/no-such-board').expect(404);
    await http().get('/board-items/abc').expect(404);
    await http().get('/board-items/99999999999999999999/badge.svg').expect(404);
    await http().get('/api/boards/os/items').query({ page: 0 }).expect(400);
    await http().get('/api/boards/os/items').query({ status: 'done' }).expect(400);
    await http().get('/api/board-items/similar').expect(400);
    await http().get('/member/sign-in/not-a-token').expect(410);
    await http().get('/board-mail/unsubscribe/1.forged').expect(404);
    const item = await staffItem(t, areas.os, 'Quick settings tile for hotspot', staffId);
    await http()
      .post(`/api/board-items/${item.id}/status`)
      .set('Authorization', t.bearer)
      .send({ status: 'done' })
      .expect(400);
    await http()
      .post(`/api/board-items/${item.id}/status`)
      .set('Authorization', t.bearer)
      .send({ status: 'shipped' })
      .expect(400);
    await http()
      .post(`/api/board-items/${item.id}/merge`)
      .set('Authorization', t.bearer)
      .send({ intoId: item.id })
      .expect(400);
    await http()
      .post(`/api/board-items/${item.id}/merge`)
      .set('Authorization', t.bearer)
      .send({ intoId: '999999' })
      .expect(404);
    await http()
      .post('/api/releases')
      .set('Authorization', t.bearer)
      .send({ title: 'Nothing real', releasedOn: '2027-01-14', itemIds: ['999999'] })
      .expect(400);
    const json = (await http().get(`/api/board-items/${item.id}`).expect(200)).body;
    expect(json).toMatchObject({ status: 'received', mergedIntoId: null, voteCount: 0 });
    const releases: unknown[] = await t.db.query(`SELECT 1 FROM board_releases`);
    expect(releases).toHaveLength(0);
  });
});
