import { checkMemberRow, RawMemberRow } from './member-row';

const good: RawMemberRow = {
  external_id: ' f-1 ',
  email: 'li.wei@example.com',
  name: '李伟',
  city: 'Chengdu',
  province: 'Sichuan',
  locale: 'zh-CN',
  registered_on: '2019-04-01',
  forum_posts: '12',
  honorary: 'yes',
};
const reason = (over: RawMemberRow) => {
  const r = checkMemberRow({ ...good, ...over }, '2026-11-22');
  return r.ok ? 'ok' : r.reason;
};

describe('checkMemberRow', () => {
  it('normalises a good row', () => {
    expect(checkMemberRow(good, '2026-11-22')).toEqual({
      ok: true,
      row: {
        externalId: 'f-1',
        email: 'li.wei@example.com',
        name: '李伟',
        city: 'Chengdu',
        province: 'Sichuan',
        locale: 'zh-CN',
        registeredOn: '2019-04-01',
        forumPosts: 12,
        honorary: true,
      },
    });
  });

  it('accepts locale in any case and an ISO timestamp as the registration date', () => {
    const r = checkMemberRow({ ...good, locale: 'ZH_cn', registered_on: '2019-04-01T08:00:00Z' }, '2026-11-22');
    expect(r.ok && [r.row.locale, r.row.registeredOn]).toEqual(['zh-CN', '2019-04-01']);
  });

  it('defaults forum posts to 0 and honorary to false when blank', () => {
    const r = checkMemberRow({ ...good, forum_posts: '', honorary: '' }, '2026-11-22');
    expect(r.ok && [r.row.forumPosts, r.row.honorary]).toEqual([0, false]);
  });

  it.each([
    [{ external_id: '' }, 'external_id is missing'],
    [{ email: '  ' }, 'email is missing'],
    [{ email: 'li@' }, 'email "li@" is not a valid address'],
    [{ name: undefined }, 'name is missing'],
    [{ city: '' }, 'city is missing'],
    [{ locale: 'de' }, 'locale "de" is unknown (expected zh-CN or en)'],
    [{ locale: '' }, 'locale is missing'],
    [{ registered_on: '01/04/2019' }, 'registered_on "01/04/2019" is not a date (expected YYYY-MM-DD)'],
    [{ registered_on: '2019-02-29' }, 'registered_on "2019-02-29" is not a real calendar date'],
    [{ registered_on: '2027-01-01' }, 'registered_on 2027-01-01 is outside 1990-01-01 … today'],
    [{ forum_posts: '-3' }, 'forum_posts "-3" is not a whole number ≥ 0'],
    [{ forum_posts: '1.5' }, 'forum_posts "1.5" is not a whole number ≥ 0'],
    [{ honorary: 'maybe' }, 'honorary "maybe" is not true or false'],
  ])('rejects %j with "%s"', (over, expected) => {
    expect(reason(over)).toBe(expected);
  });

  it('lists every problem of a row at once', () => {
    expect(reason({ email: '', locale: 'fr' })).toBe('email is missing; locale "fr" is unknown (expected zh-CN or en)');
  });
});
