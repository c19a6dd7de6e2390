import { DateTime } from 'luxon';
import request from 'supertest';
import { InviteeSelectionRepository, RankingScope } from '../../src/invitations/selection/invitee-selection.repository';
import { DEFAULT_INVITEE_SCORE, reinviteCutoff, scoreInvitee } from '../../src/invitations/selection/invitee-score';
import { invite, scheduledMeetup } from '../support/meetups';
import { cityWithSpread, expectedRanking, factsOfCity } from '../support/invitees';
import { createTestApp, TestApp } from '../support/test-app';

describe('invitee selection', () => {
  let t: TestApp;
  let cityId: number;
  let memberIds: string[];
  const http = () => request(t.app.getHttpServer());
  const invitees = (meetupId: number, limit?: number) =>
    http()
      .get(`/api/meetups/${meetupId}/invitees${limit !== undefined ? `?limit=${limit}` : ''}`)
      .set('Authorization', t.bearer);
  const scopeOf = async (meetupId: number): Promise<RankingScope> => {
    const [m] = await t.db.query(
      `SELECT m.city_id, m.starts_at, c.time_zone FROM meetups m JOIN cities c ON c.id = m.city_id WHERE m.id = $1`,
      [meetupId],
    );
    return {
      meetupId,
      cityId: m.city_id,
      meetupDate: DateTime.fromJSDate(m.starts_at, { zone: m.time_zone }).toISODate()!,
      reinviteCutoff: reinviteCutoff(m.starts_at, { ...DEFAULT_INVITEE_SCORE, reinviteWindowDays: 180 }),
    };
  };

  beforeAll(async () => {
    t = await createTestApp({ JOBS_WORKERS: 'false' });
    ({ cityId, memberIds } = await cityWithSpread(t, 400, 'rank'));
  });
  afterAll(() => t.close());

  it('ranks the city by score, ties by member id, without unsubscribed, recently invited or already invited members', async () => {
    const meetupId = await scheduledMeetup(t, cityId);
    // Two members of the city invited to this meetup by hand: they leave the ranking.
    const already = memberIds.slice(1, 3);
    await invite(t, meetupId, already);
    const res = await invitees(meetupId, 500).expect(200);
    const expected = await expectedRanking(t, meetupId);
    expect(expected.length).toBeGreaterThan(250);
    expect(res.body.invitees.map((i: { memberId: string; score: number }) => [i.memberId, i.score])).toEqual(
      expected.map((e) => [e.memberId, e.total]),
    );
    const listed = new Set(res.body.invitees.map((i: { memberId: string }) => i.memberId));
    for (const id of already) expect(listed.has(id)).toBe(false);
    const blocked: { id: string; why: string }[] = await t.db.query(
      `SELECT id::text,
              CASE WHEN unsubscribed_at IS NOT NULL THEN 'unsubscribed' ELSE 'recent' END AS why
         FROM members
        WHERE city_id = $1 AND (unsubscribed_at IS NOT NULL OR last_invited_at > $2)`,
      [cityId, (await scopeOf(meetupId)).reinviteCutoff],
    );
    expect(blocked.filter((b) => b.why === 'unsubscribed').length).toBeGreaterThan(10);
    expect(blocked.filter((b) => b.why === 'recent').length).toBeGreaterThan(10);
    for (const b of blocked) expect(listed.has(b.id)).toBe(false);
    // Ties exist in this city and are broken by the smaller member id.
    const scores = res.body.invitees.map((i: { score: number }) => i.score);
    expect(new Set(scores).size).toBeLessThan(scores.length);
  });

  it('keeps members invited before the re-invite window and leaves out those invited inside it', async () => {
    const meetupId = await scheduledMeetup(t, cityId);
    const { reinviteCutoff: cutoff } = await scopeOf(meetupId);
    const [inside, outside] = [memberIds[5], memberIds[6]];
    await t.db.query(`UPDATE members SET unsubscribed_at = NULL, last_invited_at = $2 WHERE id = $1`, [
      inside,
      new Date(cutoff.getTime() + 60_000),
    ]);
    await t.db.query(`UPDATE members SET unsubscribed_at = NULL, last_invited_at = $2 WHERE id = $1`, [
      outside,
      cutoff,
    ]);
    const ids = (await invitees(meetupId, 500).expect(200)).body.invitees.map((i: { memberId: string }) => i.memberId);
    expect(ids).not.toContain(inside);
    expect(ids).toContain(outside);
  });

  it('explains each score with factors that add up to the SQL total, in English and Chinese', async () => {
    const meetupId = await scheduledMeetup(t, cityId);
    const res = await invitees(meetupId, 60).expect(200);
    expect(res.body.invitees).toHaveLength(60);
    for (const i of res.body.invitees) {
      expect(i.breakdown.map((l: { factor: string }) => l.factor)).toEqual([
        'activity',
        'honorary',
        'first-meetup',
        'tenure',
        'past-invitations',
        'no-shows',
      ]);
      expect(i.breakdown.reduce((sum: number, l: { points: number }) => sum + l.points, 0)).toBe(i.score);
      expect(i.breakdown[0].explanation.en).toBe(`${i.forumPosts} forum posts`);
      expect(i.breakdown[0].explanation['zh-CN']).toBe(`论坛发帖 ${i.forumPosts} 篇`);
    }
    // The proposal marks the first wave: as many as the capacity maximum (50).
    expect(res.body.nextWave).toEqual({ first: true, size: 50, reason: 'first-wave' });
    expect(res.body.invitees.filter((i: { proposed: boolean }) => i.proposed)).toHaveLength(50);
  });

  it('computes in SQL exactly the totals scoreInvitee computes, down to the rounding edges', async () => {
    // Forum post counts on both sides of every whole point of 10 × ln(1 + posts), and registrations
    // on both sides of each yearly step, leap days included.
    const meetupId = await scheduledMeetup(t, cityId);
    const scope = await scopeOf(meetupId);
    await t.db.query(
      `INSERT INTO members (external_id, email, name, city_id, locale, registered_on, forum_posts, honorary,
                            attended_count, no_show_count, invited_count)
       SELECT 'edge-' || k || '-' || d, 'edge-' || k || '-' || d || '@example.com', 'Edge ' || k, $1, 'en',
              $2::date - (365 * (k % 7) + d), greatest(round(exp(k / 10.0)) - 1 + d, 0)::int, k % 2 = 0,
              k % 3, k % 5, k % 12
         FROM generate_series(0, 140) k, generate_series(-1, 1) d`,
      [cityId, scope.meetupDate],
    );
    const repository = t.app.get(InviteeSelectionRepository);
    const sql = await repository.rankedOneStep(scope, 100_000);
    const facts = new Map((await factsOfCity(t, cityId)).map((f) => [f.memberId, f]));
    const [{ starts_at: startsAt }] = await t.db.query(`SELECT starts_at FROM meetups WHERE id = $1`, [meetupId]);
    expect(sql.length).toBeGreaterThan(600);
    const mismatches = sql.filter((row) => {
      const s = scoreInvitee(facts.get(row.memberId)!, scope.meetupDate, startsAt);
      return !s.included || s.total !== row.score;
    });
    expect(mismatches).toEqual([]);
  });

  it('gives the same rows in two steps as the one-step query, for any list length', async () => {
    const meetupId = await scheduledMeetup(t, cityId);
    await invite(t, meetupId, memberIds.slice(20, 30));
    const scope = await scopeOf(meetupId);
    const repository = t.app.get(InviteeSelectionRepository);
    for (const k of [1, 2, 7, 50, 51, 199, 1000]) {
      const two = await repository.ranked(scope, k);
      const one = await repository.rankedOneStep(scope, k);
      expect(two.map((r) => [r.memberId, r.score])).toEqual(one.map((r) => [r.memberId, r.score]));
    }
  });

  it('walks members_invitee_rank_idx by the score expression (EXPLAIN)', async () => {
    const meetupId = await scheduledMeetup(t, cityId);
    const scope = await scopeOf(meetupId);
    const plan = await t.db.transaction(async (manager) => {
      // A test city is small enough for a sequential scan to win; forbid it so the plan shows
      // whether the query's expression matches the index's at all.
      await manager.query('SET LOCAL enable_seqscan = off');
      await manager.query('SET LOCAL enable_bitmapscan = off');
      return t.app.get(InviteeSelectionRepository).explainRanked(scope, 50, manager);
    });
    const scans: { index: string; cond: string }[] = [];
    const walk = (node: Record<string, unknown>) => {
      if (node['Index Name']) scans.push({ index: String(node['Index Name']), cond: String(node['Index Cond'] ?? '') });
      for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
    };
    walk((plan as { Plan: Record<string, unknown> }[])[0].Plan);
    const rank = scans.filter((s) => s.index === 'members_invitee_rank_idx');
    // Both steps: the ordered walk (step 1) and the range scan from the floor (step 2).
    expect(rank.length).toBe(2);
    expect(rank.some((s) => /forum_posts/.test(s.cond) && />=/.test(s.cond))).toBe(true);
  });

  it('answers 4xx to bad input', async () => {
    const meetupId = await scheduledMeetup(t, cityId);
    await invitees(meetupId, 0).expect(400);
    await http().get(`/api/meetups/${meetupId}/invitees?limit=501`).set('Authorization', t.bearer).expect(400);
    await http().get(`/api/meetups/${meetupId}/invitees?limit=ten`).set('Authorization', t.bearer).expect(400);
    await http().get(`/api/meetups/abc/invitees`).set('Authorization', t.bearer).expect(400);
    await http().get(`/api/meetups/99999999999/invitees`).set('Authorization', t.bearer).expect(404);
    await http().get(`/api/meetups/999999/invitees`).set('Authorization', t.bearer).expect(404);
    await http().get(`/api/meetups/${meetupId}/invitees`).expect(401);
  });
});
