import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root';
import type { Locale } from '../common/locale';
import type { MeetupView } from './meetups.service';
import { cityName } from '../cities/city-display';

const templates = new Map<Locale, HandlebarsTemplateDelegate>();
// An environment of its own: the pages' global helpers (e.g. `date`) would otherwise win over the
// template's fields of the same name ({{date}} rendered "Invalid DateTime" in the running app).
const handlebars = Handlebars.create();

function template(locale: Locale): HandlebarsTemplateDelegate {
  let t = templates.get(locale);
  if (!t) {
    const file = join(projectRoot(), 'views', 'announcements', `${locale}.md.hbs`);
    // Markdown, not HTML: no HTML escaping; the forum renders and sanitises it.
    t = handlebars.compile(readFileSync(file, 'utf8'), { noEscape: true });
    templates.set(locale, t);
  }
  return t;
}

/** The forum post for a meetup, in Markdown, from views/announcements/<locale>.md.hbs. */
export function announcementMarkdown(m: MeetupView, locale: Locale): string {
  const start = DateTime.fromISO(m.startsAt, { zone: m.timeZone }).setLocale(locale);
  return template(locale)({
    city: cityName({ name: m.city, nameZh: m.cityZh }, locale),
    title: m.title,
    venue: m.venue,
    address: m.address,
    timeZone: m.timeZone,
    date: start.toLocaleString(DateTime.DATE_HUGE),
    start: m.startsAt.slice(11),
    end: m.endsAt.slice(11),
    capacityMax: m.capacityMax,
    rsvpDeadline: m.rsvpDeadline?.replace('T', ' ') ?? null,
  });
}
