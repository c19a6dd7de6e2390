import { AddressInfo } from 'node:net';
import request from 'supertest';
import { RsvpService } from '../../src/invitations/rsvp/rsvp.service';
import { signedIn } from '../support/accounts';
import { cityWithMembers, invite, scheduledMeetup } from '../support/meetups';
import { acceptedInDatabase, productAreas } from '../support/questions';
import { createTestApp, TestApp } from '../support/test-app';

describe('attendees’ questions for the engineers', () => {
  let t: TestApp;
  let base: string;
  let cityId: number;
  let memberIds: string[];
  let areas: Record<string, number>;
  const http = () => request(base);
  const questionsOf = (token: string) => `/api/rsvp/${token}/questions`;
  const ask = (token: string, productAreaId: number, body: string) =>
    http().post(questionsOf(token)).send({ productAreaId, body });
  const vote = (token: string, id: string) => http().post(`${questionsOf(token)}/${id}/vote`);
  const unvote = (token: string, id: string) => http().delete(`${questionsOf(token)}/${id}/vote`);

  /** A meetup where the given members (by index) are invited; those in `accepting` accept. Tokens by index. */
  async function meetupWith(invited: number[], accepting: number[] = invited, capacityMax = 50) {
    const meetupId = await scheduledMeetup(t, cityId, { capacityMax });
    const tokens = await invite(
      t,
      meetupId,
      invited.map((i) => memberIds[i]),
    );
    const rsvp = t.app.get(RsvpService);
    if (accepting.length > 5)
      await acceptedInDatabase(
        t,
        meetupId,
        accepting.map((i) => memberIds[i]),
      );
    else for (const i of accepting) await rsvp.answer(tokens.get(memberIds[i])!, 'accept', {});
    return { meetupId, token: (i: number) => tokens.get(memberIds[i])! };
  }

  /** The votes counter and the vote rows of a question: they must always agree. */
  const votesOf = async (questionId: string) =>
    (
      await t.db.query(
        `SELECT q.votes, (SELECT count(*)::int FROM question_votes v WHERE v.question_id = q.id) AS rows
           FROM questions q WHERE q.id = $1`,
        [questionId],
      )
    )[0] as { votes: number; rows: number };

  /** Everything a question request may change. */
  const snapshot = async () => ({
    questions: await t.db.query(`SELECT * FROM questions ORDER BY id`),
    votes: await t.db.query(`SELECT * FROM question_votes ORDER BY question_id, invitation_id`),
    invitations: await t.db.query(`SELECT * FROM invitations ORDER BY id`),
    meetups: await t.db.query(`SELECT * FROM meetups ORDER BY id`),
    outbox: await t.db.query(`SELECT id FROM outbox_messages ORDER BY id`),
  });

  beforeAll(async () => {
    t = await createTestApp({ RSVP_RATE_LIMIT_PER_MINUTE: '100000', DB_POOL_SIZE: '20' });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    areas = await productAreas(t);
    ({ cityId, memberIds } = await cityWithMembers(t, 64, 'asker'));
  });
  afterAll(() => t.close());

  describe('asking', () => {
    it('lets an accepted member leave up to 3 questions, each with a product area, and refuses a 4th with 409', async () => {
      const { token } = await meetupWith([0]);
      const first = await ask(token(0), areas.camera, '  Will night mode come to older phones?\r\nAnd when?  ').expect(
        201,
      );
      expect(first.body).toMatchObject({
        slot: 1,
        productAreaId: areas.camera,
        productArea: 'Camera',
        body: 'Will night mode come to older phones?\nAnd when?',
        votes: 0,
      });
      await ask(token(0), areas.battery, 'Why does standby drain 5% a night?').expect(201);
      const third = await ask(token(0), areas.os, 'x'.repeat(1000)).expect(201);
      expect(third.body.slot).toBe(3);

      const before = await snapshot();
      const fourth = await ask(token(0), areas.router, 'One more?').expect(409);
      expect(fourth.body).toMatchObject({ reason: 'limit', message: expect.stringContaining('3 questions') });
      expect(await snapshot()).toEqual(before);

      // Deleting frees the slot; the next question takes the lowest free one.
      await http()
        .delete(`${questionsOf(token(0))}/${first.body.id}`)
        .expect(204);
      const again = await ask(token(0), areas.router, 'Mesh with older routers?').expect(201);
      expect(again.body.slot).toBe(1);
      const list = await http()
        .get(questionsOf(token(0)))
        .expect(200);
      expect(list.body.mine.map((q: { slot: number; productArea: string }) => [q.slot, q.productArea])).toEqual([
        [1, 'Router'],
        [2, 'Battery'],
        [3, 'OS'],
      ]);
      expect(list.body.window).toEqual({ canAsk: true, canVote: true, closed: null });
    });

    it('hands out three slots exactly when one member fires many questions at once', async () => {
      const { token } = await meetupWith([1]);
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => ask(token(1), areas.os, `Question number ${i}`)),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 201, 409, 409, 409, 409, 409]);
      const slots = await t.db.query(
        `SELECT slot FROM questions q JOIN invitations i ON i.id = q.invitation_id WHERE i.member_id = $1 ORDER BY slot`,
        [memberIds[1]],
      );
      expect(slots.map((s: { slot: number }) => s.slot)).toEqual([1, 2, 3]);
    });

    it('edits a question, keeping its votes, and lists product areas in the member’s language', async () => {
      // Member 1 reads Chinese, member 3 English (the factory gives every third member English).
      const { token } = await meetupWith([1, 3]);
      const q = await ask(token(1), areas.camera, '夜景模式什么时候更新？').expect(201);
      expect(q.body.productArea).toBe('相机');
      await vote(token(3), q.body.id).expect(200);
      const edited = await http()
        .put(`${questionsOf(token(1))}/${q.body.id}`)
        .send({ productAreaId: areas.os, body: '系统更新多久一次？' })
        .expect(200);
      expect(edited.body).toMatchObject({ productArea: '系统', body: '系统更新多久一次？', votes: 1, slot: 1 });
      const list = await http()
        .get(questionsOf(token(1)))
        .expect(200);
      expect(list.body.productAreas.map((a: { name: string }) => a.name)).toEqual(
        expect.arrayContaining(['相机', '电池', '系统', '路由器']),
      );
      expect(list.body.locale).toBe('zh-CN');
    });

    it('refuses bad input with a clear 4xx that changes nothing', async () => {
      const { token } = await meetupWith([4, 5]);
      const mine = await ask(token(4), areas.camera, 'A fine question').expect(201);
      const before = await snapshot();
      const bad: [object, number, RegExp | string][] = [
        [{ productAreaId: areas.os, body: '' }, 400, 'body must not be empty'],
        [{ productAreaId: areas.os, body: ' \r\n\t ' }, 400, 'body must not be empty'],
        [{ productAreaId: areas.os, body: 'y'.repeat(1001) }, 400, 'body must be at most 1000 characters'],
        [{ productAreaId: areas.os, body: 'nul \u0000 inside' }, 400, 'body must not contain the NUL character'],
        [{ productAreaId: 999999, body: 'Which area?' }, 400, 'Choose one of the listed product areas.'],
        [{ productAreaId: 99999999999, body: 'Huge id' }, 400, 'productAreaId must be a product area id'],
        [{ productAreaId: 'camera', body: 'Slug?' }, 400, 'productAreaId must be a whole number'],
        [{ body: 'No area' }, 400, 'productAreaId must be a whole number'],
        [{ productAreaId: areas.os, body: 'Extra', votes: 100 }, 400, 'property votes should not exist'],
      ];
      for (const [body, status, message] of bad) {
        const answer = await http()
          .post(questionsOf(token(4)))
          .send(body)
          .expect(status);
        expect(JSON.stringify(answer.body.message)).toContain(message);
        await http()
          .put(`${questionsOf(token(4))}/${mine.body.id}`)
          .send(body)
          .expect(status);
      }
      expect(await snapshot()).toEqual(before);
      // Someone else's question, a made-up one, and ids that are not ids.
      const other = await ask(token(5), areas.os, 'Not yours').expect(201);
      const afterOther = await snapshot();
      for (const id of [other.body.id, '987654321', 'abc', '0', '99999999999999999999', '1.5']) {
        const put = await http()
          .put(`${questionsOf(token(4))}/${id}`)
          .send({ productAreaId: areas.os, body: 'Mine now' })
          .expect(404);
        expect(put.body.reason).toBe('not-found');
        await http()
          .delete(`${questionsOf(token(4))}/${id}`)
          .expect(404);
        await vote(token(4), id).expect(id === other.body.id ? 200 : 404);
        await unvote(token(4), id).expect(id === other.body.id ? 200 : 404);
      }
      expect((await snapshot()).questions).toEqual(afterOther.questions);
    });

    it('lets only an accepted member ask, edit, delete or vote', async () => {
      const { meetupId, token } = await meetupWith([6, 7, 8, 9], [6, 8], 1);
      // 6 holds the only seat, 8 waits in line, 7 has not answered, 9 declines.
      await t.app.get(RsvpService).answer(token(9), 'decline', {});
      const q = await ask(token(6), areas.os, 'Seat holder asks').expect(201);
      const before = await snapshot();
      for (const i of [7, 8, 9]) {
        const refused = await ask(token(i), areas.os, 'May I?').expect(403);
        expect(refused.body).toMatchObject({ reason: 'not-attending' });
        await vote(token(i), q.body.id).expect(403);
        const list = await http()
          .get(questionsOf(token(i)))
          .expect(200);
        expect(list.body).toMatchObject({
          window: { canAsk: false, canVote: false, closed: 'not-attending' },
          others: [],
        });
      }
      expect(await snapshot()).toEqual(before);

      // Giving up the seat: the question stays (staff see it marked) but leaves the attendees' list.
      await t.app.get(RsvpService).answer(token(6), 'decline', {});
      await http()
        .put(`${questionsOf(token(6))}/${q.body.id}`)
        .send({ productAreaId: areas.os, body: 'Changed?' })
        .expect(403);
      await http()
        .delete(`${questionsOf(token(6))}/${q.body.id}`)
        .expect(403);
      const staff = await http().get(`/api/meetups/${meetupId}/questions`).set('Authorization', t.bearer).expect(200);
      expect(staff.body.productAreas[0].questions[0]).toMatchObject({
        body: 'Seat holder asks',
        askerAttending: false,
      });
    });

    it('answers a tampered or unknown link with 404 on every question route', async () => {
      const { token } = await meetupWith([10]);
      const tampered = (token(10)[0] === 'A' ? 'B' : 'A') + token(10).slice(1);
      for (const bad of [tampered, 'not-a-token']) {
        await http().get(questionsOf(bad)).expect(404);
        await ask(bad, areas.os, 'Hello?').expect(404);
        await vote(bad, '1').expect(404);
        const page = await http()
          .post(`/rsvp/${bad}/questions`)
          .type('form')
          .send({ productAreaId: String(areas.os), body: 'Hi' })
          .expect(404);
        expect(page.text).toContain('This link is not valid');
      }
    });
  });

  describe('votes', () => {
    it('counts one vote per attendee, not on one’s own question nor another meetup’s, and takes votes back', async () => {
      const { token } = await meetupWith([11, 12, 13]);
      const other = await meetupWith([14]);
      const q = await ask(token(11), areas.battery, 'Faster charging?').expect(201);
      const foreign = await ask(other.token(14), areas.battery, 'Elsewhere').expect(201);

      expect((await vote(token(12), q.body.id).expect(200)).body).toEqual({
        questionId: q.body.id,
        voted: true,
        votes: 1,
        changed: true,
      });
      expect((await vote(token(12), q.body.id).expect(200)).body).toMatchObject({ votes: 1, changed: false });
      await vote(token(13), q.body.id).expect(200);
      const own = await vote(token(11), q.body.id).expect(403);
      expect(own.body).toMatchObject({ reason: 'own-question', message: 'You cannot vote on your own question.' });
      const elsewhere = await vote(token(12), foreign.body.id).expect(404);
      expect(elsewhere.body.reason).toBe('not-found');
      await unvote(token(12), foreign.body.id).expect(404);
      expect(await votesOf(q.body.id)).toEqual({ votes: 2, rows: 2 });
      expect(await votesOf(foreign.body.id)).toEqual({ votes: 0, rows: 0 });

      const list = await http()
        .get(questionsOf(token(12)))
        .expect(200);
      expect(list.body.others).toEqual([
        {
          id: q.body.id,
          productAreaId: areas.battery,
          productArea: 'Battery',
          body: 'Faster charging?',
          votes: 2,
          voted: true,
        },
      ]);
      // Fans see each other's questions, never each other's names.
      expect(JSON.stringify(list.body)).not.toMatch(/Fan asker/);

      expect((await unvote(token(12), q.body.id).expect(200)).body).toMatchObject({
        voted: false,
        votes: 1,
        changed: true,
      });
      expect((await unvote(token(12), q.body.id).expect(200)).body).toMatchObject({ votes: 1, changed: false });
      expect(await votesOf(q.body.id)).toEqual({ votes: 1, rows: 1 });
    });

    it('deletes a question’s votes with it', async () => {
      const { token } = await meetupWith([15, 16, 17]);
      const q = await ask(token(15), areas.router, 'Wi-Fi 7?').expect(201);
      await vote(token(16), q.body.id).expect(200);
      await vote(token(17), q.body.id).expect(200);
      await http()
        .delete(`${questionsOf(token(15))}/${q.body.id}`)
        .expect(204);
      const [left] = await t.db.query(`SELECT count(*)::int AS n FROM question_votes WHERE question_id = $1`, [
        q.body.id,
      ]);
      expect(left.n).toBe(0);
    });

    it('keeps the counter equal to count(question_votes) under 50 simultaneous votes from different attendees, with duplicates', async () => {
      const members = Array.from({ length: 54 }, (_, i) => 10 + i);
      const { token } = await meetupWith(members, members, 60);
      const [asker, second, ...voters] = members;
      const q = await ask(token(asker), areas.os, 'Which question wins?').expect(201);
      const q2 = await ask(token(second), areas.camera, 'And this one?').expect(201);
      const fifty = voters.slice(0, 50);
      const duplicates = fifty.slice(0, 12);
      const answers = await Promise.all([
        ...fifty.map((m) => vote(token(m), q.body.id)),
        ...duplicates.map((m) => vote(token(m), q.body.id)),
        // Votes on another question of the same meetup at the same moment, and the asker on their own.
        ...fifty.slice(0, 20).map((m) => vote(token(m), q2.body.id)),
        vote(token(asker), q.body.id),
      ]);
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(50 + 12 + 20);
      expect(statuses.filter((s) => s === 403)).toHaveLength(1);
      expect(answers.filter((a) => a.body.changed === true)).toHaveLength(70);
      expect(await votesOf(q.body.id)).toEqual({ votes: 50, rows: 50 });
      expect(await votesOf(q2.body.id)).toEqual({ votes: 20, rows: 20 });

      // Taking back half of the votes at once, some twice, while others vote again.
      const back = fifty.slice(0, 25);
      const again = await Promise.all([
        ...back.map((m) => unvote(token(m), q.body.id)),
        ...back.slice(0, 8).map((m) => unvote(token(m), q.body.id)),
        ...fifty.slice(25).map((m) => vote(token(m), q.body.id)),
      ]);
      expect(again.map((a) => a.status).filter((s) => s !== 200)).toEqual([]);
      expect(await votesOf(q.body.id)).toEqual({ votes: 25, rows: 25 });
    });
  });

  describe('deadline and start', () => {
    it('closes asking and editing at the RSVP deadline and says so on the page, and keeps votes open until the start', async () => {
      const { meetupId, token } = await meetupWith([21, 24]);
      const q = await ask(token(21), areas.camera, 'Before the deadline').expect(201);
      await t.db.query(`UPDATE meetups SET rsvp_deadline = now() - interval '1 minute' WHERE id = $1`, [meetupId]);
      const before = await snapshot();

      const put = await http()
        .put(`${questionsOf(token(21))}/${q.body.id}`)
        .send({ productAreaId: areas.camera, body: 'After the deadline' })
        .expect(410);
      expect(put.body).toMatchObject({ reason: 'deadline', message: expect.stringContaining('RSVP deadline') });
      await ask(token(21), areas.camera, 'New after the deadline').expect(410);
      await http()
        .delete(`${questionsOf(token(21))}/${q.body.id}`)
        .expect(410);
      // The page's form, sent from a page opened before the deadline: refused, and the page says why.
      const page = await http()
        .post(`/rsvp/${token(21)}/questions/${q.body.id}`)
        .type('form')
        .send({ productAreaId: String(areas.camera), body: 'After the deadline' })
        .expect(410);
      expect(page.text).toContain(
        'The RSVP deadline has passed, so questions can no longer be asked, changed or deleted.',
      );
      expect(page.text).toContain('Before the deadline');
      expect(page.text).not.toContain(`action="/rsvp/${token(21)}/questions/${q.body.id}"`);
      expect(await snapshot()).toEqual(before);

      // Reading and voting go on until the meetup starts.
      const list = await http()
        .get(questionsOf(token(24)))
        .expect(200);
      expect(list.body.window).toEqual({ canAsk: false, canVote: true, closed: 'deadline' });
      await vote(token(24), q.body.id).expect(200);
      const shown = await http()
        .get(`/rsvp/${token(24)}`)
        .expect(200);
      expect(shown.text).toContain('You can still vote until the meetup starts.');
      expect(shown.text).toContain(`action="/rsvp/${token(24)}/questions/${q.body.id}/unvote"`);

      await t.db.query(
        `UPDATE meetups SET starts_at = now() - interval '1 minute', ends_at = now() + interval '1 hour',
                            rsvp_deadline = now() - interval '2 minutes' WHERE id = $1`,
        [meetupId],
      );
      const late = await unvote(token(24), q.body.id).expect(410);
      expect(late.body.reason).toBe('over');
      expect(await votesOf(q.body.id)).toEqual({ votes: 1, rows: 1 });
    });

    it('closes everything when the meetup is cancelled', async () => {
      const { meetupId, token } = await meetupWith([22, 23]);
      const q = await ask(token(22), areas.os, 'Will it happen?').expect(201);
      await http()
        .post(`/api/meetups/${meetupId}/status`)
        .set('Authorization', t.bearer)
        .send({ status: 'cancelled' })
        .expect(200);
      expect((await ask(token(22), areas.os, 'Still?').expect(410)).body.reason).toBe('cancelled');
      await vote(token(23), q.body.id).expect(410);
      const page = await http()
        .get(`/rsvp/${token(23)}`)
        .expect(200);
      expect(page.text).not.toContain('questions-yours');
    });
  });

  describe('the RSVP page', () => {
    it('asks, edits, deletes and votes through its forms, post/redirect/get with a short confirmation', async () => {
      const { token } = await meetupWith([24, 25]);
      const theirs = await ask(token(25), areas.router, 'Better parental controls?').expect(201);
      // Member 24 reads English.
      let page = await http()
        .get(`/rsvp/${token(24)}`)
        .expect(200);
      expect(page.text).toContain('Your questions for the engineers');
      expect(page.text).toContain('Questions from other attendees');
      expect(page.text).toContain('Better parental controls?');
      expect(page.text).toMatch(/<label for="q-new-area">Product area<\/label>/);

      const added = await http()
        .post(`/rsvp/${token(24)}/questions`)
        .type('form')
        .send({ productAreaId: String(areas.camera), body: 'Raw photos\r\nin the default app?' })
        .expect(303);
      expect(added.headers.location).toBe(`/rsvp/${token(24)}?question=added#questions`);
      page = await http()
        .get(`/rsvp/${token(24)}?question=added`)
        .expect(200);
      expect(page.text).toContain('Your question was added. Thank you!');
      expect(page.text).toContain('Raw photos\nin the default app?');
      const [mine] = await t.db.query(
        `SELECT q.id::text AS id FROM questions q JOIN invitations i ON i.id = q.invitation_id WHERE i.member_id = $1 ORDER BY q.id DESC LIMIT 1`,
        [memberIds[24]],
      );

      await http()
        .post(`/rsvp/${token(24)}/questions/${mine.id}`)
        .type('form')
        .send({ productAreaId: String(areas.os), body: 'RAW in the default app?' })
        .expect(303)
        .expect('Location', `/rsvp/${token(24)}?question=saved#questions`);
      await http()
        .post(`/rsvp/${token(24)}/questions/${theirs.body.id}/vote`)
        .expect(303)
        .expect('Location', `/rsvp/${token(24)}?question=voted#questions`);
      page = await http()
        .get(`/rsvp/${token(24)}?question=voted`)
        .expect(200);
      expect(page.text).toContain('Your vote was counted.');
      expect(page.text).toContain('You voted for this.');
      expect(page.text).toContain('RAW in the default app?');
      expect(await votesOf(theirs.body.id)).toEqual({ votes: 1, rows: 1 });
      await http()
        .post(`/rsvp/${token(24)}/questions/${theirs.body.id}/unvote`)
        .expect(303);
      expect(await votesOf(theirs.body.id)).toEqual({ votes: 0, rows: 0 });
      await http()
        .post(`/rsvp/${token(24)}/questions/${mine.id}/delete`)
        .expect(303)
        .expect('Location', `/rsvp/${token(24)}?question=deleted#questions`);
      const [count] = await t.db.query(`SELECT count(*)::int AS n FROM questions WHERE id = $1`, [mine.id]);
      expect(count.n).toBe(0);
    });

    it('shows a refused form again with the reason in the member’s language and what they typed, changing nothing', async () => {
      const { token } = await meetupWith([26, 27]);
      const before = await snapshot();
      // Member 26 reads Chinese.
      const long = '长'.repeat(1001);
      const tooLong = await http()
        .post(`/rsvp/${token(26)}/questions`)
        .type('form')
        .send({ productAreaId: String(areas.camera), body: long })
        .expect(400);
      expect(tooLong.text).toContain('问题太长了，请控制在 1000 字以内。');
      expect(tooLong.text).toContain(long);
      expect(tooLong.text).toContain('<html lang="zh-CN">');
      expect(tooLong.text).toMatch(new RegExp(`<option value="${areas.camera}" selected>相机</option>`));
      expect(tooLong.text).toContain('aria-invalid="true"');
      const empty = await http()
        .post(`/rsvp/${token(26)}/questions`)
        .type('form')
        .send({ productAreaId: String(areas.camera), body: '   ' })
        .expect(400);
      expect(empty.text).toContain('请填写你的问题');
      const noArea = await http()
        .post(`/rsvp/${token(26)}/questions`)
        .type('form')
        .send({ productAreaId: '', body: 'Area?' })
        .expect(400);
      expect(noArea.text).toContain('请从列表中选择一个产品领域。');
      expect(await snapshot()).toEqual(before);

      for (const i of [1, 2, 3]) {
        await http()
          .post(`/rsvp/${token(26)}/questions`)
          .type('form')
          .send({ productAreaId: String(areas.os), body: `Q${i}` })
          .expect(303);
      }
      const page = await http()
        .get(`/rsvp/${token(26)}`)
        .expect(200);
      expect(page.text).toContain('你已提满 3 个问题。');
      expect(page.text).not.toContain('id="q-new-body"');
      const fourth = await http()
        .post(`/rsvp/${token(26)}/questions`)
        .type('form')
        .send({ productAreaId: String(areas.os), body: 'Q4' })
        .expect(409);
      expect(fourth.text).toContain('你已提满 3 个问题。如需再问，请修改或删除其中一个。');
      const own = await t.db.query(
        `SELECT q.id::text AS id FROM questions q JOIN invitations i ON i.id = q.invitation_id WHERE i.member_id = $1`,
        [memberIds[26]],
      );
      const self = await http()
        .post(`/rsvp/${token(26)}/questions/${own[0].id}/vote`)
        .expect(403);
      expect(self.text).toContain('不能为自己的问题点赞。');
      const gone = await http()
        .post(`/rsvp/${token(27)}/questions/999999999/vote`)
        .expect(404);
      expect(gone.text).toContain('That question is no longer there.');
    });

    it('tells a member who has not accepted that questions come after accepting', async () => {
      const { token } = await meetupWith([28], []);
      const page = await http()
        .get(`/rsvp/${token(28)}`)
        .expect(200);
      expect(page.text).toContain('确认参加后，你可以在这里给工程师留问题。');
      expect(page.text).not.toContain('/questions"');
    });

    it('speaks the member’s language even when staff open the link signed in', async () => {
      const { token } = await meetupWith([29]);
      const { agent } = await signedIn(t, 'staff');
      const page = await agent.get(`/rsvp/${token(29)}`).expect(200);
      expect(page.text).toContain('<html lang="zh-CN">');
      expect(page.text).toContain('你想问工程师的问题');
    });
  });

  describe('staff', () => {
    it('lists a meetup’s questions grouped by product area, most voted first, with the askers’ names', async () => {
      const { meetupId, token } = await meetupWith([30, 31, 32, 33]);
      const a = await ask(token(30), areas.camera, 'Camera A').expect(201);
      const b = await ask(token(31), areas.camera, 'Camera B').expect(201);
      const c = await ask(token(32), areas.os, 'OS C').expect(201);
      for (const v of [31, 32, 33]) await vote(token(v), a.body.id).expect(200);
      for (const v of [30, 33]) await vote(token(v), c.body.id).expect(200);
      await vote(token(33), b.body.id).expect(200);
      const api = await http().get(`/api/meetups/${meetupId}/questions`).set('Authorization', t.bearer).expect(200);
      expect(api.body.total).toBe(3);
      expect(
        api.body.productAreas.map(
          (g: {
            productArea: { slug: string };
            votes: number;
            questions: { body: string; votes: number; askerName: string }[];
          }) => [g.productArea.slug, g.votes, g.questions.map((q) => [q.body, q.votes, q.askerName])],
        ),
      ).toEqual([
        [
          'camera',
          4,
          [
            ['Camera A', 3, 'Fan asker 30'],
            ['Camera B', 1, 'Fan asker 31'],
          ],
        ],
        ['os', 2, [['OS C', 2, 'Fan asker 32']]],
      ]);

      const { agent } = await signedIn(t, 'staff');
      const page = await agent.get(`/meetups/${meetupId}/questions`).expect(200);
      expect(page.text).toMatch(/<h2 id="area-camera">Camera/);
      expect(page.text.indexOf('Camera A')).toBeLessThan(page.text.indexOf('Camera B'));
      expect(page.text.indexOf('Camera B')).toBeLessThan(page.text.indexOf('OS C'));
      expect(page.text).toContain('Fan asker 31');
    });

    it('answers 404 for an unknown meetup and keeps fans and engineers out', async () => {
      await http().get('/api/meetups/999999/questions').set('Authorization', t.bearer).expect(404);
      await http().get('/api/meetups/99999999999/questions').set('Authorization', t.bearer).expect(404);
      await http().get('/api/meetups/abc/questions').set('Authorization', t.bearer).expect(400);
      await http().get('/api/meetups/1/questions').expect(401);
      const { agent } = await signedIn(t, 'engineer');
      await agent.get('/meetups/1/questions').expect(403);
    });
  });

  it('documents the question routes in the OpenAPI document', async () => {
    const docs = await http().get('/api/docs-json').set('Authorization', t.bearer).expect(200);
    const paths = docs.body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/api/rsvp/{token}/questions']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths['/api/rsvp/{token}/questions/{id}']).sort()).toEqual(['delete', 'put']);
    expect(Object.keys(paths['/api/rsvp/{token}/questions/{id}/vote']).sort()).toEqual(['delete', 'post']);
    expect(paths['/api/meetups/{id}/questions'].get).toBeDefined();
    expect(docs.body.components.schemas.QuestionInputDto.required).toEqual(['productAreaId', 'body']);
    // Fan pages are not API.
    expect(Object.keys(paths).filter((p) => p.startsWith('/rsvp') || p.startsWith('/meetups'))).toEqual([]);
  });

  it('changes nothing on GET: the page, its confirmations, the API and the staff views', async () => {
    const { meetupId, token } = await meetupWith([34, 35]);
    const q = await ask(token(34), areas.os, 'Read-only?').expect(201);
    await vote(token(35), q.body.id).expect(200);
    const before = await snapshot();
    const { agent } = await signedIn(t, 'staff');
    for (const path of [
      `/rsvp/${token(35)}`,
      `/rsvp/${token(35)}?question=voted`,
      `/rsvp/${token(34)}?question=added`,
    ]) {
      await http().get(path).expect(200);
      await http().head(path).expect(200);
    }
    await http()
      .get(questionsOf(token(35)))
      .expect(200);
    await http()
      .head(questionsOf(token(35)))
      .expect(200);
    // GETs on the form addresses are not routes: nothing answers them but a 404.
    await http()
      .get(`${questionsOf(token(35))}/${q.body.id}/vote`)
      .expect(404);
    await http()
      .get(`/rsvp/${token(35)}/questions/${q.body.id}/vote`)
      .expect(404);
    await http()
      .get(`/rsvp/${token(34)}/questions/${q.body.id}/delete`)
      .expect(404);
    await agent.get(`/meetups/${meetupId}/questions`).expect(200);
    await http().get(`/api/meetups/${meetupId}/questions`).set('Authorization', t.bearer).expect(200);
    expect(await snapshot()).toEqual(before);
  });
});
