import request from 'supertest';
import { MemberImportService } from '../../src/members/member-import.service';
import { signedIn } from '../support/accounts';
import { answer } from '../support/check-in';
import { memberCsv, streamOf } from '../support/csv';
import { LogCapture } from '../support/fuzz-requests';
import { productAreas } from '../support/questions';
import { cityWithMembers, invite, scheduledMeetup } from '../support/meetups';
import { createTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

describe('erasing a member at their request', () => {
  let t: TestApp;
  const log = new LogCapture();
  const email = 'erase-0@example.com';
  const name = 'Fan erase 0';
  let memberId: string;
  let meetupId: number;
  const http = () => request(t.app.getHttpServer());
  const count = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params))[0].n);

  /** Rows of every table (ours and pg-boss's) whose text holds `needle`. */
  async function tablesHolding(needle: string): Promise<string[]> {
    const tables: { schema: string; name: string }[] = await t.db.query(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_schema IN ('public', 'pgboss') AND table_type = 'BASE TABLE'`,
    );
    const found: string[] = [];
    for (const { schema, name: table } of tables) {
      const n = await count(`SELECT count(*) AS n FROM "${schema}"."${table}" AS r WHERE r::text ILIKE $1`, [
        `%${needle}%`,
      ]);
      if (n > 0) found.push(`${schema}.${table} (${n})`);
    }
    return found;
  }

  beforeAll(async () => {
    t = await createTestApp();
    t.app.useLogger(log);
    const city = await cityWithMembers(t, 2, 'erase');
    memberId = city.memberIds[0];
    meetupId = await scheduledMeetup(t, city.cityId);
    const tokens = await invite(t, meetupId, city.memberIds);
    const token = tokens.get(memberId)!;
    await answer(t, token, 'accept');
    const area = (await productAreas(t)).camera;
    await http()
      .post(`/api/rsvp/${token}/questions`)
      .send({ productAreaId: area, body: `Will ${name} get the night mode?` })
      .expect(201);
    // Their mail reached the sink (the Mailbox) before the erasure.
    await waitFor(
      async () => (await count(`SELECT count(*) AS n FROM mailbox_messages WHERE $1 = ANY (envelope_to)`, [email])) > 0,
      90_000,
      'the invitation in the Mailbox',
    );
    expect(await tablesHolding(email)).not.toEqual([]);
  });
  afterAll(() => t.close());

  it('is for admins, and needs the member’s email typed again', async () => {
    const staff = await signedIn(t, 'staff');
    await staff.agent
      .post(`/api/members/${memberId}/erase`)
      .set('X-CSRF-Token', staff.csrf)
      .send({ confirm: email })
      .expect(403);
    const admin = await signedIn(t, 'admin');
    const wrong = await admin.agent
      .post(`/api/members/${memberId}/erase`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ confirm: 'someone@else.com' })
      .expect(400);
    expect(wrong.body.message).toContain("confirm must be the member's email address");
    expect(await count('SELECT count(*) AS n FROM members WHERE email = $1', [email])).toBe(1);
    await http().post('/api/members/999999/erase').set('Authorization', t.bearer).send({ confirm: email }).expect(404);
  });

  it('leaves the email and name in no table and no log line, and keeps counts and history', async () => {
    const before = {
      invitations: await count('SELECT count(*) AS n FROM invitations WHERE meetup_id = $1', [meetupId]),
      events: await count('SELECT count(*) AS n FROM invitation_events'),
      questions: await count('SELECT count(*) AS n FROM questions'),
      members: await count('SELECT count(*) AS n FROM members'),
    };
    const admin = await signedIn(t, 'admin');
    const page = await admin.agent.get(`/members/${memberId}`).expect(200);
    expect(page.text).toContain(`action='/members/${memberId}/erase'`);
    await admin.agent
      .post(`/members/${memberId}/erase`)
      .type('form')
      .send({ _csrf: admin.csrf, confirm: email.toUpperCase() })
      .expect(303);

    expect(await tablesHolding(email)).toEqual([]);
    expect(await tablesHolding(name)).toEqual([]);
    expect(await tablesHolding('erase-0,')).toEqual([]);
    expect(log.lines.filter((l) => l.includes(email) || l.includes(name))).toEqual([]);
    expect({
      invitations: await count('SELECT count(*) AS n FROM invitations WHERE meetup_id = $1', [meetupId]),
      events: await count('SELECT count(*) AS n FROM invitation_events'),
      questions: await count('SELECT count(*) AS n FROM questions'),
      members: await count('SELECT count(*) AS n FROM members'),
    }).toEqual(before);
    // The other member is untouched.
    expect(await count(`SELECT count(*) AS n FROM members WHERE email = 'erase-1@example.com'`)).toBe(1);
  });

  it('is not matched by a later import, which adds the member afresh', async () => {
    // Imports match known cities only (issue 13): the city exists first.
    await t.db.query(`INSERT INTO cities (name) VALUES ('Erasecity')`);
    const report = await t.app
      .get(MemberImportService)
      .importCsv(streamOf(memberCsv(`erase-0,${email},${name},Erasecity,,en,2019-04-01,1,false`)));
    expect(report).toMatchObject({ inserted: 1, updated: 0 });
    expect(await count('SELECT count(*) AS n FROM members WHERE id = $1 AND email = $2', [memberId, email])).toBe(0);
  });
});
