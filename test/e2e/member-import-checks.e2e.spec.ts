import { stringify } from 'csv-stringify/sync';
import { CityGazetteerService } from '../../src/cities/city-gazetteer.service';
import { MemberImportService } from '../../src/members/member-import.service';
import { checkMemberRow, RawMemberRow } from '../../src/members/member-row';
import { MEMBER_HEADER, streamOf } from '../support/csv';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * The CSV import checks rows in SQL first and hands the rest to checkMemberRow; the SQL may
 * only pass rows checkMemberRow passes, and store what it would. Thousands of rows of tricky
 * spellings, each judged both ways: same refusals (line and words), same stored values.
 */
describe('member import checks in SQL agree with checkMemberRow', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(CityGazetteerService).load();
  });
  afterAll(() => t.close());

  // A small deterministic generator: the same rows every run.
  let seed = 20261203;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(options: readonly T[]): T => options[Math.floor(random() * options.length)];
  const SPACE = ['', '', '', ' ', '\t', '\u3000', '\u00a0', '\ufeff'];
  const spaced = (v: string) => pick(SPACE) + v + pick(SPACE);
  const EMAIL_PARTS = ['a', 'B', '.', '-', '_', '+', "'", '0', 'é', '@', ' ', 'x.y', '..', '.-', '-.', '!#'];
  const DOMAINS = [
    'example.com',
    'EXAMPLE.cn',
    'a-b.c',
    'a.-b.c',
    '-a.b',
    'a.b-',
    'a..b',
    'ab',
    'a.b.',
    '.a.b',
    'é.cn',
  ];
  const part = () =>
    random() < 0.7 ? 'fan' : Array.from({ length: Math.floor(random() * 3) }, () => pick(EMAIL_PARTS)).join('');
  const email = (i: number) =>
    random() < 0.03
      ? pick(['', 'no-at', '@example.com'])
      : `${part()}q${i}q${part()}@${random() < 0.7 ? 'example.com' : pick(DOMAINS)}`;

  /** Mostly a value checkMemberRow takes (in its many spellings), sometimes one it refuses. */
  const vary = (good: string[], bad: string[]) => spaced(random() < 0.85 ? pick(good) : pick(bad));

  function row(i: number): string[] {
    return [
      random() < 0.03 ? pick(['', ' ', `p-${i}-${'x'.repeat(100)}`]) : spaced(`p-${i}`),
      spaced(email(i)),
      vary(
        ['Li Wei', '名字', 'a "quoted" name', 'two\nlines', '😀'.repeat(100), 'é'.repeat(150)],
        ['', ' ', 'x'.repeat(201)],
      ),
      vary(['Chengdu', 'chengdu', '成都', 'CHENGDU'], ['', 'c'.repeat(201)]),
      pick(['', 'Sichuan', ' 四川 ']),
      vary(['en', 'EN', 'zh-CN', 'zh_cn', 'ZH-cn', 'eN'], ['fr', '', 'zh__cn', 'zh-cn_']),
      vary(
        [
          '2020-01-01',
          '2020-02-29',
          '2000-02-29',
          '2020-04-30',
          '1990-01-01',
          '2020-01-01T10:00:00Z',
          '2020-01-01 10:00',
        ],
        [
          '2019-02-29',
          '2100-02-28',
          '2020-13-01',
          '2020-00-10',
          '2020-04-31',
          '1989-12-31',
          '2020-1-1',
          '0000-01-01',
          '0099-01-01',
          '2999-01-01',
          '',
          'abc',
          '2020/01/01',
          '２０２０-01-01',
          '19９0-01-01',
        ],
      ),
      vary(
        ['', '0', '12', '007', '1e3', '+5', '1.0', '999999999', '1000000000', '2000000000', '-0', '0x10'],
        ['-1', '1.5', '2000000001', 'x'],
      ),
      vary(['', 'true', 'TRUE', 'Yes', 'y', 'n', 'no', '0', '1', 'False'], ['maybe', 'ｙｅｓ']),
    ];
  }

  it('refuses the same rows for the same reasons, by line, and stores the same values', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => row(i));
    const records = rows.map((r) => stringify([r]));
    const file = `${MEMBER_HEADER}\n${records.join('')}`;
    const names = MEMBER_HEADER.split(',');
    const today = new Date().toISOString().slice(0, 10);

    const expectedRejections: { at: number; reason: string }[] = [];
    const expectedStored: Record<string, unknown>[] = [];
    let line = 2;
    for (const [k, r] of rows.entries()) {
      const raw = Object.fromEntries(names.map((n, c) => [n, r[c]])) as RawMemberRow;
      const checked = checkMemberRow(raw, today);
      if (!checked.ok) expectedRejections.push({ at: line, reason: checked.reason });
      else {
        const m = checked.row;
        expectedStored.push({
          external_id: m.externalId,
          email: m.email,
          name: m.name,
          locale: m.locale,
          registered_on: m.registeredOn,
          forum_posts: m.forumPosts || 0, // -0 is stored as 0
          honorary: m.honorary,
        });
      }
      line += records[k].split('\n').length - 1;
    }
    // The generator must reach both sides of every check for this test to mean something.
    expect(expectedStored.length).toBeGreaterThan(300);
    expect(expectedRejections.length).toBeGreaterThan(300);

    const report = await t.app.get(MemberImportService).importCsv(streamOf(file), { listed: Infinity });
    expect(report.rejections.map(({ at, reason }) => ({ at, reason }))).toEqual(expectedRejections);
    expect(report).toMatchObject({ received: 3000, inserted: expectedStored.length });
    const stored = await t.db.query(
      `SELECT external_id, email, name, locale, registered_on::text, forum_posts, honorary FROM members`,
    );
    const byId = (a: Record<string, unknown>, b: Record<string, unknown>) =>
      String(a.external_id) < String(b.external_id) ? -1 : 1;
    expect(stored.sort(byId)).toEqual(expectedStored.sort(byId));
  });
});
