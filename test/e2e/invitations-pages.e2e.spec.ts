import request from 'supertest';
import { LowTurnoutService } from '../../src/invitations/selection/low-turnout.service';
import { csrfFrom, signedIn } from '../support/accounts';
import { cityWithMembers, scheduledMeetup, tokensOf } from '../support/meetups';
import { createTestApp, TestApp } from '../support/test-app';

describe('invitations pages', () => {
  let t: TestApp;
  let cities = 0;
  const http = () => request(t.app.getHttpServer());
  const sendWave = (meetupId: number) =>
    http()
      .post(`/api/meetups/${meetupId}/invitations`)
      .set('Authorization', t.bearer)
      .send({ wave: 'next' })
      .expect(201);
  const ranking = async (meetupId: number) =>
    (await http().get(`/api/meetups/${meetupId}/invitees?limit=100`).set('Authorization', t.bearer).expect(200)).body
      .invitees as { memberId: string; name: string; score: number }[];
  const invitations = async (meetupId: number) =>
    (await t.db.query(
      `SELECT id::text, member_id::text AS "memberId", state, added_by_hand AS "byHand" FROM invitations
        WHERE meetup_id = $1 ORDER BY id`,
      [meetupId],
    )) as { id: string; memberId: string; state: string; byHand: boolean }[];
  const snapshot = async () => ({
    invitations: await t.db.query(`SELECT * FROM invitations ORDER BY id`),
    meetups: await t.db.query(`SELECT * FROM meetups ORDER BY id`),
    outbox: await t.db.query(`SELECT id FROM outbox_messages ORDER BY id`),
    exclusions: await t.db.query(`SELECT * FROM invitee_exclusions ORDER BY meetup_id, member_id`),
  });
  const meetupIn = async (over: { capacityMax?: number; capacityMin?: number; daysAhead?: number } = {}) => {
    const city = await cityWithMembers(t, 40, `page${++cities}`);
    return { ...city, meetupId: await scheduledMeetup(t, city.cityId, { title: 'Chengdu fan meetup', ...over }) };
  };

  beforeAll(async () => {
    t = await createTestApp({ JOBS_WORKERS: 'false', RSVP_RATE_LIMIT_PER_MINUTE: '100000' });
  });
  afterAll(() => t.close());

  it('shows the funnel, the wave controls and every invitation with its state, place and automated-answer flags', async () => {
    const { meetupId } = await meetupIn({ capacityMax: 3, capacityMin: 3 });
    await sendWave(meetupId);
    const made = await invitations(meetupId);
    const tokens = await tokensOf(t, meetupId);
    // Accepted through the API without opening the page first: looks automated.
    await http()
      .post(`/api/rsvp/${tokens.get(made[0].memberId)}`)
      .send({ answer: 'accept' })
      .expect(200);
    await http()
      .get(`/rsvp/${tokens.get(made[1].memberId)}`)
      .expect(200);
    await http()
      .post(`/rsvp/${tokens.get(made[1].memberId)}`)
      .type('form')
      .send({ answer: 'decline' })
      .expect(303);
    const { agent } = await signedIn(t, 'staff');
    const page = await agent.get(`/meetups/${meetupId}/invitations`).expect(200);
    expect(page.text).toContain('<svg');
    expect(page.text).toContain('role="img"');
    expect(page.text).toContain(
      '3 invited: 1 accepted, 0 holding a seat offer, 0 waitlisted, 1 declined, 0 expired, 1 not answered yet',
    );
    // One seat free after the decline, one invitation still unanswered: 3 − 1 − 1 = 1.
    expect(page.text).toContain('Send next wave (1)');
    expect(page.text).toContain('looks automated');
    expect(page.text).toContain('Answered &quot;accept&quot; without opening the invitation page first');
    expect(page.text).toContain(`/meetups/${meetupId}/invitations/${made[0].id}/withdraw`);
    expect(page.text).toMatch(/No answer yet/);
    // The page's dates are the city's (Asia/Shanghai).
    expect(page.text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d \(Asia\/Shanghai\)/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).not.toMatch(/<script|style=/);
  });

  it('disables the wave button and says why when nothing can be sent, and shows the low-turnout alert', async () => {
    const { meetupId } = await meetupIn({ capacityMax: 2, capacityMin: 2, daysAhead: 1 });
    await t.app.get(LowTurnoutService).alertLowTurnout(new Date());
    const { agent } = await signedIn(t, 'admin');
    const page = await agent.get(`/meetups/${meetupId}/invitations`).expect(200);
    expect(page.text).toMatch(
      /<button type='submit' aria-describedby='wave-reason'\s+disabled>Send next wave \(0\)<\/button>/,
    );
    expect(page.text).toContain('The RSVP deadline has passed: no more waves.');
    expect(page.text).toContain('Low turnout');
    expect(page.text).toContain('Only 0 accepted, below the minimum of 2.');
  });

  it('speaks Chinese to a zh-CN account', async () => {
    const { meetupId } = await meetupIn();
    const { agent, account } = await signedIn(t, 'staff');
    await t.db.query(`UPDATE accounts SET locale = 'zh-CN' WHERE id = $1`, [account.id]);
    const page = await agent.get(`/meetups/${meetupId}/invitations`).expect(200);
    expect(page.text).toContain('报名漏斗');
    expect(page.text).toContain('发送下一批（40 人）');
    const proposal = await agent.get(`/meetups/${meetupId}/invitees`).expect(200);
    expect(proposal.text).toContain('论坛活跃度');
    expect(proposal.text).toMatch(/论坛发帖 \d+ 篇/);
  });

  it('sends the next wave with one click through a CSRF-protected form, and refuses the form without its token', async () => {
    const { meetupId } = await meetupIn({ capacityMax: 4 });
    const { agent, csrf } = await signedIn(t, 'staff');
    const before = await snapshot();
    await agent.post(`/meetups/${meetupId}/invitations`).type('form').send({ wave: 'next' }).expect(403);
    await agent
      .post(`/meetups/${meetupId}/invitations`)
      .type('form')
      .send({ wave: 'next', _csrf: 'forged' })
      .expect(403);
    expect(await snapshot()).toEqual(before);
    const sent = await agent
      .post(`/meetups/${meetupId}/invitations`)
      .type('form')
      .send({ wave: 'next', _csrf: csrf })
      .expect(303);
    expect(sent.headers.location).toBe(`/meetups/${meetupId}/invitations`);
    expect(await invitations(meetupId)).toHaveLength(4);
    const page = await agent.get(`/meetups/${meetupId}/invitations`).expect(200);
    expect(page.text).toContain('Wave 1 sent: 4 invited.');
  });

  it('saves wave settings from the form, and refuses bad values without changing anything', async () => {
    const { meetupId } = await meetupIn();
    const { agent, csrf } = await signedIn(t, 'staff');
    const settings = (body: object) => agent.post(`/meetups/${meetupId}/invitations/settings`).type('form').send(body);
    const before = await snapshot();
    await settings({ firstWaveSize: '12', autoWaves: 'on' }).expect(403);
    for (const bad of ['0', '1001', 'twelve', '3.5']) {
      const res = await settings({ firstWaveSize: bad, _csrf: csrf }).expect(400);
      expect(res.text).toContain('First wave size');
    }
    await settings({ firstWaveSize: '12', autoWaves: 'yes', _csrf: csrf }).expect(400);
    expect(await snapshot()).toEqual(before);
    await settings({ firstWaveSize: '12', autoWaves: 'on', _csrf: csrf }).expect(303);
    const [row] = await t.db.query(`SELECT first_wave_size, auto_waves FROM meetups WHERE id = $1`, [meetupId]);
    expect(row).toEqual({ first_wave_size: 12, auto_waves: true });
    const page = await agent.get(`/meetups/${meetupId}/invitations`).expect(200);
    expect(page.text).toMatch(/name='firstWaveSize'[^>]*value='12'/);
    expect(page.text).toMatch(/name='autoWaves' type='checkbox' role='switch' checked/);
    // Empty size and an unticked box: back to the capacity maximum, automatic waves off.
    await settings({ firstWaveSize: '', _csrf: csrf }).expect(303);
    const [reset] = await t.db.query(`SELECT first_wave_size, auto_waves FROM meetups WHERE id = $1`, [meetupId]);
    expect(reset).toEqual({ first_wave_size: null, auto_waves: false });
  });

  it('shows the ranked proposal with every factor, and sends it minus members left out plus members added by hand', async () => {
    const { meetupId, memberIds } = await meetupIn({ capacityMax: 5 });
    const ranked = await ranking(meetupId);
    const { agent, csrf } = await signedIn(t, 'staff');
    const page = await agent.get(`/meetups/${meetupId}/invitees`).expect(200);
    expect(page.text).toContain('Proposed for the next wave (5)');
    for (const factor of [
      'Forum activity',
      'Honorary group',
      'First meetup',
      'Tenure',
      'Past invitations',
      'No-shows',
    ]) {
      expect(page.text).toContain(factor);
    }
    expect(page.text).toContain('Has never attended a meetup');
    expect(page.text).toMatch(/<span class='points'>\+25<\/span> First meetup/);
    const proposedIds = ranked.slice(0, 5).map((r) => r.memberId);
    expect(page.text).toContain(`name='proposed' value='${proposedIds.join(',')}'`);
    // "Next in the ranking" lists 20 more to add with a tick.
    expect(page.text).toContain(`name='add' value='${ranked[6].memberId}'`);

    // Search by name for a member far down, keeping the ticks made so far.
    const lowest = ranked[ranked.length - 1];
    const searched = await agent
      .post(`/meetups/${meetupId}/invitees`)
      .type('form')
      .send({
        _csrf: csrf,
        action: 'search',
        q: lowest.name,
        exclude: ranked[0].memberId,
        proposed: proposedIds.join(','),
      })
      .expect(200);
    expect(searched.text).toContain(`name='add' value='${lowest.memberId}'`);
    expect(searched.text).toMatch(new RegExp(`name='exclude' value='${ranked[0].memberId}' checked`));

    const sent = await agent
      .post(`/meetups/${meetupId}/invitees`)
      .type('form')
      .send(
        `_csrf=${encodeURIComponent(csrf)}&action=send&proposed=${proposedIds.join(',')}` +
          `&exclude=${ranked[0].memberId}&exclude=${ranked[1].memberId}&add=${lowest.memberId}&add=${ranked[6].memberId}`,
      )
      .expect(303);
    expect(sent.headers.location).toBe(`/meetups/${meetupId}/invitations`);
    const made = await invitations(meetupId);
    expect(made.map((i) => i.memberId).sort()).toEqual(
      [...proposedIds.slice(2), lowest.memberId, ranked[6].memberId].sort(),
    );
    expect(
      made
        .filter((i) => i.byHand)
        .map((i) => i.memberId)
        .sort(),
    ).toEqual([lowest.memberId, ranked[6].memberId].sort());
    // The members left out are listed with a way to put them back.
    const after = await agent.get(`/meetups/${meetupId}/invitees`).expect(200);
    expect(after.text).toContain('Left out of this meetup');
    expect(after.text).toContain(`/meetups/${meetupId}/invitees/exclusions/${ranked[0].memberId}/delete`);
    await agent
      .post(`/meetups/${meetupId}/invitees/exclusions/${ranked[0].memberId}/delete`)
      .type('form')
      .send({})
      .expect(403);
    await agent
      .post(`/meetups/${meetupId}/invitees/exclusions/${ranked[0].memberId}/delete`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    expect((await ranking(meetupId)).map((r) => r.memberId)).toContain(ranked[0].memberId);
    expect(memberIds).toContain(lowest.memberId);
  });

  it('offers no Send button when nobody can be proposed', async () => {
    // Every member of the city is unsubscribed: none may be proposed.
    const { cityId, memberIds } = await cityWithMembers(t, 3, `empty${++cities}`);
    await t.db.query(`UPDATE members SET unsubscribed_at = now() WHERE id = ANY ($1::bigint[])`, [memberIds]);
    const meetupId = await scheduledMeetup(t, cityId);
    const { agent } = await signedIn(t, 'staff');
    const page = await agent.get(`/meetups/${meetupId}/invitees`).expect(200);
    expect(page.text).toContain('No eligible member of this city is left to rank.');
    expect(page.text).not.toContain("value='send'");
    expect(page.text).not.toContain('value="send"');
  });

  it('shows the proposal again with the reason when it changed meanwhile, and sends nothing without the CSRF token', async () => {
    const { meetupId } = await meetupIn({ capacityMax: 3 });
    const ranked = await ranking(meetupId);
    const { agent, csrf } = await signedIn(t, 'staff');
    const before = await snapshot();
    await agent
      .post(`/meetups/${meetupId}/invitees`)
      .type('form')
      .send({
        action: 'send',
        proposed: ranked
          .slice(0, 3)
          .map((r) => r.memberId)
          .join(','),
      })
      .expect(403);
    const stale = await agent
      .post(`/meetups/${meetupId}/invitees`)
      .type('form')
      .send({
        _csrf: csrf,
        action: 'send',
        proposed: ranked
          .slice(1, 4)
          .map((r) => r.memberId)
          .join(','),
      })
      .expect(409);
    expect(stale.text).toContain('The proposal changed since you reviewed it');
    expect(stale.text).toContain('Proposed for the next wave (3)');
    const bad = await agent
      .post(`/meetups/${meetupId}/invitees`)
      .type('form')
      .send({ _csrf: csrf, action: 'send', add: 'not-a-member' })
      .expect(400);
    expect(bad.text).toContain('member id');
    expect(await snapshot()).toEqual(before);
  });

  it('withdraws an invitation after asking, through a CSRF-protected form', async () => {
    const { meetupId } = await meetupIn({ capacityMax: 2 });
    await sendWave(meetupId);
    const [first] = await invitations(meetupId);
    const { agent, csrf } = await signedIn(t, 'staff');
    const confirm = await agent.get(`/meetups/${meetupId}/invitations/${first.id}/withdraw`).expect(200);
    expect(confirm.text).toContain('Withdraw the invitation of');
    expect(confirm.text).toContain(`action='/meetups/${meetupId}/invitations/${first.id}/withdraw'`);
    expect((await invitations(meetupId))[0].state).toBe('pending');
    await agent.post(`/meetups/${meetupId}/invitations/${first.id}/withdraw`).type('form').send({}).expect(403);
    expect((await invitations(meetupId))[0].state).toBe('pending');
    await agent
      .post(`/meetups/${meetupId}/invitations/${first.id}/withdraw`)
      .type('form')
      .send({ _csrf: csrf, note: 'duplicate account' })
      .expect(303);
    expect((await invitations(meetupId))[0].state).toBe('cancelled');
    const page = await agent.get(`/meetups/${meetupId}/invitations`).expect(200);
    expect(page.text).toContain('Invitation withdrawn; the member gets an email.');
    expect(page.text).toContain('Withdrawn');
    expect(page.text).toContain('1 invitations withdrawn by staff');
    await agent.get(`/meetups/${meetupId}/invitations/999999/withdraw`).expect(404);
  });

  it('is for staff only, and answers bad addresses with a clear page', async () => {
    const { meetupId } = await meetupIn();
    for (const role of ['engineer', 'steward'] as const) {
      const { agent } = await signedIn(t, role);
      await agent.get(`/meetups/${meetupId}/invitations`).expect(403);
      await agent.get(`/meetups/${meetupId}/invitees`).expect(403);
    }
    const anonymous = await http().get(`/meetups/${meetupId}/invitations`).expect(303);
    expect(anonymous.headers.location).toMatch(/^\/login\?next=/);
    const { agent } = await signedIn(t, 'staff');
    const missing = await agent.get('/meetups/999999/invitations').expect(404);
    expect(missing.text).toContain('Meetup 999999 does not exist.');
    await agent.get('/meetups/abc/invitees').expect(400);
    await agent.get(`/meetups/${meetupId}/invitees?limit=0`).expect(400);
    const page = await agent.get(`/meetups/${meetupId}/invitees`).expect(200);
    expect(csrfFrom(page.text)).not.toBe('');
  });
});
