import { City } from '../../cities/city.entity';
import { Meetup } from '../../meetups/meetup.entity';
import { changedFacts, factChanges } from './meetup-changes';

const shanghai = Object.assign(new City(), { id: 1, name: 'Shanghai', timeZone: 'Asia/Shanghai' });
const before = Object.assign(new Meetup(), {
  id: 7,
  cityId: 1,
  city: shanghai,
  title: 'Shanghai meetup',
  venue: 'Community hall',
  address: '1 Test Road',
  startsAt: new Date('2026-12-05T11:00:00Z'),
  endsAt: new Date('2026-12-05T13:30:00Z'),
  rsvpDeadline: null,
});

describe('meetup changes', () => {
  it('notices a new time, venue, address or city, and nothing else', () => {
    expect(changedFacts(before, { ...before, title: 'New title', capacityMax: 40 } as Meetup)).toEqual([]);
    expect(changedFacts(before, { ...before, venue: ' Community hall ' })).toEqual([]);
    expect(changedFacts(before, { ...before, startsAt: new Date('2026-12-05T12:00:00Z') })).toEqual(['when']);
    expect(changedFacts(before, { ...before, endsAt: new Date('2026-12-05T14:00:00Z') })).toEqual(['when']);
    expect(changedFacts(before, { ...before, venue: 'Library', address: '2 Other Road', cityId: 2 })).toEqual([
      'city',
      'venue',
      'address',
    ]);
  });

  it('tells each change old → new in the member language and the city zone', () => {
    const after = Object.assign(new Meetup(), before, {
      startsAt: new Date('2026-12-05T12:00:00Z'),
      endsAt: new Date('2026-12-05T14:30:00Z'),
      venue: 'Library',
    });
    const en = factChanges(before, after, ['when', 'venue'], 'en');
    expect(en).toEqual([
      { fact: 'when', before: expect.stringContaining('19:00–21:30'), after: expect.stringContaining('20:00–22:30') },
      { fact: 'venue', before: 'Community hall', after: 'Library' },
    ]);
    expect(en[0].after).toContain('Saturday');
    expect(factChanges(before, after, ['when'], 'zh-CN')[0].after).toContain('星期六');
  });
});
