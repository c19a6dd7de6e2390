import request from 'supertest';
import { signInTokenHash } from '../../src/boards/sign-in/sign-in-token';
import { BoardItemsService } from '../../src/boards/items/board-items.service';
import { EngineersService } from '../../src/engineers/engineers.service';
import { csrfFrom } from './accounts';
import type { TestApp } from './test-app';
import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';

/** A supertest agent with a member session, signed in through the link's POST (the link made here, not mailed). */
export async function memberAgent(t: TestApp, memberId: string) {
  const token = randomBytes(32).toString('base64url');
  await t.db.query(
    `INSERT INTO member_sign_in_links (member_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '10 minutes')`,
    [memberId, signInTokenHash(token)],
  );
  const agent = request.agent(t.app.getHttpServer());
  const page = await agent.get(`/member/sign-in/${token}`).expect(200);
  await agent
    .post(`/member/sign-in/${token}`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text) })
    .expect(303);
  const me = await agent.get('/member/items').expect(200);
  return { agent, csrf: csrfFrom(me.text) };
}

/** An item posted by staff (listed at once) on the board of `areaId`. */
export function staffItem(t: TestApp, areaId: number, title: string, accountId: number) {
  return t.app.get(BoardItemsService).createItem({ title, areaId, author: { kind: 'staff', accountId } });
}

/** An engineer profile for `areaIds` (no account), e.g. a handler staff name. */
export async function engineerFor(t: TestApp, code: string, areaIds: number[]) {
  const engineer = await t.app
    .get(EngineersService)
    .save({ engineerCode: code, name: `Engineer ${code}`, productAreaIds: areaIds });
  assert.ok(engineer.id);
  return engineer;
}

/** The item's vote column and a recount of its vote rows. */
export async function votesOf(t: TestApp, itemId: string) {
  const [row]: { column: number; attendeesColumn: number; recount: number; attendees: number }[] = await t.db.query(
    `SELECT i.vote_count AS "column", i.attendee_vote_count AS "attendeesColumn",
            (SELECT count(*)::int FROM board_votes v WHERE v.item_id = i.id) AS recount,
            (SELECT count(*)::int FROM board_votes v WHERE v.item_id = i.id AND v.attended) AS attendees
       FROM board_items i WHERE i.id = $1`,
    [itemId],
  );
  return row;
}
