import request from 'supertest';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { CityGazetteerService } from '../../src/cities/city-gazetteer.service';
import { MemberImportService } from '../../src/members/member-import.service';
import { memberCsv, MEMBER_HEADER, streamOf } from '../support/csv';
import { createTestApp, TestApp } from '../support/test-app';

describe('member import', () => {
  let t: TestApp;
  let imports: MemberImportService;
  beforeAll(async () => {
    t = await createTestApp();
    imports = t.app.get(MemberImportService);
    await t.app.get(CityGazetteerService).load();
  });
  afterAll(() => t.close());

  const count = async (sql: string) => Number((await t.db.query(sql))[0].n);

  it('ends its COPY when the file stream fails half-way (an upload cut off): the connection is free, nothing imported', async () => {
    const before = await count(`SELECT count(*) AS n FROM members`);
    // A first chunk of good rows opens the COPY; then the stream fails, as a cut-off upload does.
    const cut = new Readable({ read() {} });
    cut.push(
      memberCsv(
        ...Array.from({ length: 50 }, (_, k) => `cut-${k},cut${k}@example.com,Cut ${k},Chengdu,,en,2020-01-01,0,`),
      ),
    );
    setTimeout(() => cut.destroy(new Error('upload cut off')), 200);
    await expect(imports.importCsv(cut)).rejects.toThrow();
    // A COPY left open kept its backend in COPY IN for ever (and PostgreSQL 15's DROP DATABASE waited for it).
    const copying = () =>
      count(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY member_import_raw%' AND state = 'active'`,
      );
    for (let k = 0; k < 50 && (await copying()) > 0; k++) await new Promise((r) => setTimeout(r, 100));
    expect(await copying()).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM members`)).toBe(before);
  });

  describe('from CSV', () => {
    const file = memberCsv(
      'f-1,li.wei@example.com,李伟,Chengdu,Sichuan,zh-CN,2019-04-01,120,true', //  line 2
      'f-2,,王芳,Chengdu,Sichuan,zh-CN,2019-04-01,3,false', //                    line 3: missing email
      'f-3,not-an-email,Zhang San,Wuhan,Hubei,zh-CN,2020-01-01,0,false', //      line 4: malformed email
      'f-4,anna@example.com,Anna,Wuhan,Hubei,fr,2020-01-01,0,false', //           line 5: unknown locale
      'f-5,bob@example.com,Bob,Wuhan,Hubei,en,2020-02-30,0,false', //             line 6: bad date
      'f-1,other@example.com,Dup,Wuhan,Hubei,en,2020-01-01,0,false', //           line 7: duplicate id
      'f-6,LI.WEI@example.com,Dup Mail,Wuhan,Hubei,en,2020-01-01,0,false', //     line 8: duplicate email
      'f-7,chen@example.com,陈静,西安市,Shaanxi,zh-CN,2021-06-15,,', //              line 9: good, Chinese name
    );

    it('imports the good rows and reports each bad row by line and reason', async () => {
      const report = await imports.importCsv(streamOf(file));
      expect(report).toMatchObject({ received: 8, inserted: 2, updated: 0, unchanged: 0, rejected: 6 });
      expect(report.rejections.map((r) => [r.at, r.reason])).toEqual([
        [3, 'email is missing'],
        [4, 'email "not-an-email" is not a valid address'],
        [5, 'locale "fr" is unknown (expected zh-CN or en)'],
        [6, 'registered_on "2020-02-30" is not a real calendar date'],
        [7, 'duplicate external_id f-1, first seen at 2'],
        [8, 'duplicate email LI.WEI@example.com, first seen at 2'],
      ]);
      const rows = await t.db.query(
        `SELECT m.external_id, m.email, m.locale, m.forum_posts, m.honorary, m.registered_on::text, c.name AS city
           FROM members m JOIN cities c ON c.id = m.city_id ORDER BY external_id`,
      );
      expect(rows).toEqual([
        {
          external_id: 'f-1',
          email: 'li.wei@example.com',
          locale: 'zh-CN',
          forum_posts: 120,
          honorary: true,
          registered_on: '2019-04-01',
          city: 'Chengdu',
        },
        {
          external_id: 'f-7',
          email: 'chen@example.com',
          locale: 'zh-CN',
          forum_posts: 0,
          honorary: false,
          registered_on: '2021-06-15',
          city: 'Xi’an',
        },
      ]);
      // Both cities come from the gazetteer: nothing was created.
      expect(report.citiesCreated).toBe(0);
    });

    it('changes nothing when the same file is imported again', async () => {
      const before = await t.db.query('SELECT id, updated_at FROM members ORDER BY id');
      const report = await imports.importCsv(streamOf(file));
      expect(report).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, rejected: 6, citiesCreated: 0 });
      expect(await t.db.query('SELECT id, updated_at FROM members ORDER BY id')).toEqual(before);
    });

    it('updates a member whose row changed and matches cities case-insensitively', async () => {
      const report = await imports.importCsv(
        streamOf(memberCsv('f-1,li.wei@example.com,李伟,CHENGDU,Sichuan,zh-CN,2019-04-01,121,true')),
      );
      expect(report).toMatchObject({ inserted: 0, updated: 1, citiesCreated: 0 });
      expect(await count(`SELECT forum_posts AS n FROM members WHERE external_id = 'f-1'`)).toBe(121);
    });

    it('refuses an email that belongs to another member, and keeps the rest', async () => {
      const report = await imports.importCsv(
        streamOf(
          memberCsv(
            'f-8,Chen@Example.com,Imposter,Chengdu,,en,2022-01-01,0,false',
            'f-9,new@example.com,New,Chengdu,,en,2022-01-01,0,false',
          ),
        ),
      );
      expect(report.rejections).toEqual([{ at: 2, externalId: 'f-8', reason: 'email already belongs to member f-7' }]);
      expect(report.inserted).toBe(1);
    });

    it('rejects a file without the required columns, naming them', async () => {
      await expect(imports.importCsv(streamOf('id,mail\n1,a@b.c\n'))).rejects.toThrow(
        /lacks external_id, email, name, city, locale, registered_on/,
      );
    });

    it('reports malformed CSV as a bad request and imports nothing from it', async () => {
      const before = await count('SELECT count(*) AS n FROM members');
      await expect(
        imports.importCsv(streamOf(memberCsv('f-20,a20@example.com,"Unclosed,Chengdu,,en,2022-01-01,0,false'))),
      ).rejects.toThrow(/not valid CSV/);
      expect(await count('SELECT count(*) AS n FROM members')).toBe(before);
    });

    it('reports a file that cannot be read', async () => {
      await expect(imports.importCsv(createReadStream('/nonexistent/members.csv'))).rejects.toThrow(/ENOENT/);
    });

    it('leaves no half-written row when the upload breaks off mid-file', async () => {
      const before = await count('SELECT count(*) AS n FROM members');
      const lines = Array.from(
        { length: 5000 },
        (_, i) => `g-${i},g${i}@example.com,G ${i},Harbin,,en,2022-01-01,0,false`,
      );
      const broken = new Readable({ read() {} });
      broken.push(`${MEMBER_HEADER}\n${lines.join('\n')}\n`);
      setTimeout(() => broken.destroy(new Error('connection reset')), 50);
      await expect(imports.importCsv(broken)).rejects.toThrow(/connection reset/);
      expect(await count('SELECT count(*) AS n FROM members')).toBe(before);
      expect(
        await count(`SELECT count(*) AS n FROM members m JOIN cities c ON c.id = m.city_id WHERE c.name = 'Harbin'`),
      ).toBe(0);
    });
  });

  describe('line numbers and odd records', () => {
    it('reports the line a record starts on when quoted fields span lines, and skips blank lines', async () => {
      const file = [
        MEMBER_HEADER,
        'ml-1,ml1@example.com,"Two',
        'line name",Chengdu,,en,2020-01-01,0,false', //                      record of lines 2–3, good
        '',
        'ml-2,not-an-email,"Three', //                                       record of lines 5–7, bad email
        '',
        'lines",Chengdu,,en,2020-01-01,0,false',
        'ml-3,ml3@example.com,Bad Date,Chengdu,,en,2020-13-01,0,false', //   line 8
        'ml-1,ml1b@example.com,Dup,Chengdu,,en,2020-01-01,0,false', //       line 9
      ].join('\r\n');
      const report = await imports.importCsv(streamOf(file));
      expect(report).toMatchObject({ received: 4, inserted: 1, rejected: 3 });
      expect(report.rejections).toEqual([
        { at: 5, externalId: 'ml-2', reason: 'email "not-an-email" is not a valid address' },
        { at: 8, externalId: 'ml-3', reason: 'registered_on "2020-13-01" is not a real calendar date' },
        { at: 9, externalId: 'ml-1', reason: 'duplicate external_id ml-1, first seen at 2' },
      ]);
      expect(await t.db.query(`SELECT name FROM members WHERE external_id = 'ml-1'`)).toEqual([
        { name: 'Two\r\nline name' },
      ]);
    });

    it('reads short and long rows, unusual spellings and stray bytes as before: each row judged alone', async () => {
      const report = await imports.importCsv(
        Readable.from([
          Buffer.concat([
            Buffer.from(
              memberCsv(
                'ml-10,ml10@example.com,Short Row,Chengdu,,en,2020-01-01', //          line 2: no posts, no honorary
                'ml-11,ml11@example.com,Long Row,Chengdu,,en,2020-01-01,1,no,extra', // line 3
                ' ml-12 ,\u3000ML12@Example.com ,Spaces,chengdu ,,ZH_cn,2020-01-01T10:00:00Z,1e3,YES', // line 4
                'ml-13,ml13@example.com,,Chengdu,,en,2020-01-01,+5,maybe', //          line 5: two faults
              ),
            ),
            Buffer.from([0x6d, 0x6c, 0x2d, 0x31, 0x34, 0x2c]), // "ml-14,"
            Buffer.from('ml14@example.com,Bad \xff byte,Chengdu,,en,2020-01-01,0,false\n', 'latin1'), // line 6
          ]),
        ]),
      );
      expect(report.rejections).toEqual([
        { at: 5, externalId: 'ml-13', reason: 'name is missing; honorary "maybe" is not true or false' },
      ]);
      expect(report).toMatchObject({ received: 5, inserted: 4, rejected: 1 });
      const rows = await t.db.query(
        `SELECT external_id, email, name, locale, registered_on::text, forum_posts, honorary FROM members
          WHERE external_id IN ('ml-10', 'ml-11', 'ml-12', 'ml-14') ORDER BY external_id`,
      );
      expect(rows).toEqual([
        expect.objectContaining({ external_id: 'ml-10', forum_posts: 0, honorary: false }),
        expect.objectContaining({ external_id: 'ml-11', forum_posts: 1, honorary: false }),
        {
          external_id: 'ml-12',
          email: 'ML12@Example.com',
          name: 'Spaces',
          locale: 'zh-CN',
          registered_on: '2020-01-01',
          forum_posts: 1000,
          honorary: true,
        },
        expect.objectContaining({ external_id: 'ml-14', name: 'Bad \ufffd byte' }),
      ]);
    });

    it('keeps the first good row of an id or email; a refused row does not count as seen', async () => {
      const report = await imports.importCsv(
        streamOf(
          memberCsv(
            'ml-20,ml20@example.com,A,Chengdu,,en,2020-01-01,0,false', // line 2: good
            'ml-21,ML20@example.com,B,Chengdu,,en,2020-01-01,0,false', // line 3: duplicate email
            'ml-21,ml21@example.com,C,Chengdu,,en,2020-01-01,0,false', // line 4: good (line 3 was refused)
            'ml-22,ml22@example.com,D,Atlantis,,en,2020-01-01,0,false', // line 5: unknown city
            'ml-22,ml22b@example.com,E,Chengdu,,en,2020-01-01,0,false', // line 6: good (line 5 was refused)
          ),
        ),
      );
      expect(report.rejections.map((r) => [r.at, r.reason])).toEqual([
        [3, 'duplicate email ML20@example.com, first seen at 2'],
        [5, expect.stringMatching(/^unknown city 'Atlantis' — nearest: /)],
      ]);
      expect(report).toMatchObject({ received: 5, inserted: 3 });
      expect(
        await t.db.query(`SELECT external_id, name FROM members WHERE external_id LIKE 'ml-2_' ORDER BY 1`),
      ).toEqual([
        { external_id: 'ml-20', name: 'A' },
        { external_id: 'ml-21', name: 'C' },
        { external_id: 'ml-22', name: 'E' },
      ]);
    });

    it('names the line of a quote never closed, where the field opened', async () => {
      await expect(
        imports.importCsv(
          streamOf(memberCsv('ml-30,ml30@example.com,Ok,Chengdu,,en,2020-01-01,0,false', 'ml-31,"open', 'more')),
        ),
      ).rejects.toThrow(/^The file is not valid CSV at line 3: a quoted field opened on line 3 is never closed/);
    });
  });

  describe('a bulk load', () => {
    const catalog = () =>
      t.db.query(`
        SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'members'
        UNION ALL
        SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'members'::regclass
        ORDER BY 1, 2`);

    it('imports 60,000 rows, keeps every index and constraint, and still refuses duplicates afterwards', async () => {
      const before = await catalog();
      const lines = Array.from(
        { length: 60_000 },
        (_, i) =>
          `load-${i},load${i}@example.com,Load ${i},${i % 3 ? 'Shanghai' : 'Chengdu'},,en,2020-01-01,${i % 9},false`,
      );
      const report = await imports.importCsv(streamOf(memberCsv(...lines)));
      expect(report).toMatchObject({ inserted: 60_000, rejected: 0 });
      expect(await catalog()).toEqual(before);
      await expect(
        t.db.query(
          `INSERT INTO members (external_id, email, name, city_id, locale, registered_on) SELECT 'x', 'LOAD7@example.com', 'X', city_id, 'en', '2020-01-01' FROM members LIMIT 1`,
        ),
      ).rejects.toThrow(/members_email_key/);
    });
  });

  describe('bulk API', () => {
    const member = (over: Record<string, unknown> = {}) => ({
      externalId: 'b-1',
      email: 'b1@example.com',
      name: 'Bulk One',
      city: 'Shenzhen',
      locale: 'en',
      registeredOn: '2020-05-05',
      ...over,
    });

    it('requires the API token', async () => {
      await request(t.app.getHttpServer()).post('/api/members/bulk').send([member()]).expect(401);
    });

    it('upserts by external id and is idempotent', async () => {
      const server = t.app.getHttpServer();
      const body = [member(), member({ externalId: 'b-2', email: 'b2@example.com', honorary: true, forumPosts: 9 })];
      const first = await request(server)
        .post('/api/members/bulk')
        .set('Authorization', t.bearer)
        .send(body)
        .expect(200);
      expect(first.body).toMatchObject({ received: 2, inserted: 2, rejected: 0 });
      const again = await request(server)
        .post('/api/members/bulk')
        .set('Authorization', t.bearer)
        .send(body)
        .expect(200);
      expect(again.body).toMatchObject({ received: 2, inserted: 0, updated: 0, unchanged: 2 });
    });

    it('rejects a malformed body with 400 and field-level messages, changing nothing', async () => {
      const before = await count('SELECT count(*) AS n FROM members');
      const res = await request(t.app.getHttpServer())
        .post('/api/members/bulk')
        .set('Authorization', t.bearer)
        .send([
          member({ externalId: 'b-3', email: 'b3@example.com' }),
          member({ externalId: 'b-4', email: 'nope', locale: 'de', shoeSize: 42 }),
        ])
        .expect(400);
      const text = JSON.stringify(res.body.message);
      expect(text).toContain('email must be a valid email address');
      expect(text).toContain('locale must be one of zh-CN, en');
      expect(text).toContain('property shoeSize should not exist');
      expect(await count('SELECT count(*) AS n FROM members')).toBe(before);
    });

    it('rejects a body that is not an array', async () => {
      await request(t.app.getHttpServer())
        .post('/api/members/bulk')
        .set('Authorization', t.bearer)
        .send(member())
        .expect(400);
    });
  });
});
