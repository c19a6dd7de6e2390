import { itemTitle, meetupSource } from './loop-item-text';

describe('board items from meetups', () => {
  it('titles an item with the first line of the fan’s text, cut at a word near 200 characters', () => {
    expect(itemTitle('  Night mode for video \nand more details')).toBe('Night mode for video');
    const long = `${'word '.repeat(60)}end`;
    const title = itemTitle(long);
    expect(title.length).toBeLessThanOrEqual(200);
    expect(title.endsWith('word…')).toBe(true);
    expect(itemTitle('字'.repeat(250))).toHaveLength(200);
  });

  it('names the meetup it came from by city and local day', () => {
    expect(meetupSource('Wuhan', new Date('2027-01-16T11:00:00Z'), 'Asia/Shanghai')).toBe(
      'meetup in Wuhan, 2027-01-16',
    );
    expect(meetupSource('Urumqi', new Date('2027-01-16T20:00:00Z'), 'Asia/Urumqi')).toBe(
      'meetup in Urumqi, 2027-01-17',
    );
  });
});
