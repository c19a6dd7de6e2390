import type { Meetup } from '../../meetups/meetup.entity';
import type { Locale } from '../../common/locale';
import { meetupFacts } from './invitation-mail';

/**
 * What of a meetup's edit its invitees must hear about: the time and the
 * place. A new title, capacity or deadline changes nobody's calendar, so it
 * sends nothing; the city counts as a place (it also moves the time zone).
 */
export type ChangedFact = 'when' | 'city' | 'venue' | 'address';

export interface FactChange {
  fact: ChangedFact;
  before: string;
  after: string;
}

type Place = Pick<Meetup, 'startsAt' | 'endsAt' | 'cityId' | 'venue' | 'address'>;

export function changedFacts(before: Place, after: Place): ChangedFact[] {
  const facts: ChangedFact[] = [];
  if (before.startsAt.getTime() !== after.startsAt.getTime() || before.endsAt.getTime() !== after.endsAt.getTime())
    facts.push('when');
  if (before.cityId !== after.cityId) facts.push('city');
  if (before.venue.trim() !== after.venue.trim()) facts.push('venue');
  if (before.address.trim() !== after.address.trim()) facts.push('address');
  return facts;
}

/** The changes as one member reads them: old → new, in their language and the city's zone. */
export function factChanges(before: Meetup, after: Meetup, facts: ChangedFact[], locale: Locale): FactChange[] {
  const old = meetupFacts(before, locale);
  const now = meetupFacts(after, locale);
  return facts.map((fact) => ({ fact, before: old[fact], after: now[fact] }));
}
