import { DateTime } from 'luxon';
import type { NewBoardItem } from '../boards/items/board-items.service';

/** How a fan's words from a meetup become a board item's title and source. Pure. */

/** An item's title from a fan's text: its first line, cut at a word near 200 characters. */
export function itemTitle(text: string): string {
  const line = text.trim().split('\n')[0].trim();
  if (line.length <= 200) return line;
  const cut = line.slice(0, 199);
  const space = cut.lastIndexOf(' ');
  return `${space > 120 ? cut.slice(0, space) : cut}…`;
}

/** A board item from what a fan said at a meetup: a question or a feedback suggestion. */
export function meetupItem(
  text: string,
  areaId: number,
  author: NewBoardItem['author'],
  meetup: { city: string; startsAt: Date; timeZone: string },
): NewBoardItem {
  return {
    title: itemTitle(text),
    description: text,
    areaId,
    author,
    source: meetupSource(meetup.city, meetup.startsAt, meetup.timeZone),
  };
}

/** "meetup in Wuhan, 2027-01-16": where an item came from, as the board shows it. */
export function meetupSource(city: string, startsAt: Date, timeZone: string): string {
  return `meetup in ${city}, ${DateTime.fromJSDate(startsAt, { zone: timeZone }).toFormat('yyyy-MM-dd')}`;
}
