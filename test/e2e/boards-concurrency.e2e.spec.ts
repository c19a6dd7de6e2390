import request from 'supertest';
import { createAccount } from '../support/accounts';
import { memberAgent, staffItem, votesOf } from '../support/boards';
import { cityWithMembers } from '../support/meetups';
import { productAreas } from '../support/questions';
import { createTestApp, TestApp } from '../support/test-app';

const VOTERS = 500;

describe('board votes under concurrency', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ DB_POOL_SIZE: '10' });
  });
  afterAll(() => t.close());

  it('takes 500 members voting on one item at once: 500 votes, the column equals a recount, no 5xx', async () => {
    const areas = await productAreas(t);
    const { memberIds } = await cityWithMembers(t, VOTERS, 'crowd');
    const staff = await createAccount(t, 'staff');
    const item = await staffItem(t, areas.os, 'Always-on display with the calendar', staff.id);
    // Sessions first, 25 at a time (each is a sign-in by link); then every vote at once.
    const voters: Awaited<ReturnType<typeof memberAgent>>[] = [];
    for (let i = 0; i < memberIds.length; i += 25) {
      voters.push(...(await Promise.all(memberIds.slice(i, i + 25).map((id) => memberAgent(t, id)))));
    }
    const server = t.app.getHttpServer();
    const statuses = await Promise.all(
      voters.map(({ agent, csrf }) =>
        agent
          .post(`/api/board-items/${item.id}/vote`)
          .set('X-CSRF-Token', csrf)
          .then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(await votesOf(t, item.id)).toMatchObject({ column: VOTERS, recount: VOTERS });
    const json = await request(server).get(`/api/board-items/${item.id}`).expect(200);
    expect(json.body.voteCount).toBe(VOTERS);
    // Signing 500 members in takes most of it; generous for a shared machine, nothing is timed.
  }, 300_000);
});
