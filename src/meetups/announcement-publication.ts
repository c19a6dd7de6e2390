import type { Locale } from '../members/member.entity';
import type { AnnouncementState } from './announcement.entity';
import type { MeetupStatus } from './meetup-status';

export interface AnnouncementFacts {
  state: AnnouncementState;
  locale: Locale;
  markdown: string;
  sentLocale: Locale | null;
  sentMarkdown: string | null;
}

/** Published, and the text or language edited since: the forum shows an older version. */
export function changedSincePublish(a: AnnouncementFacts): boolean {
  return a.state === 'published' && (a.locale !== a.sentLocale || a.markdown !== a.sentMarkdown);
}

/** Meetups worth announcing: scheduled ones until they are held (a draft may still move). */
export function meetupRefusal(status: MeetupStatus): string | null {
  switch (status) {
    case 'draft':
      return 'Schedule the meetup before announcing it: a draft may still move.';
    case 'cancelled':
      return 'The meetup is cancelled; there is nothing to announce.';
    case 'held':
      return 'The meetup has already been held; there is nothing to announce.';
    default:
      return null;
  }
}

/**
 * Why the announcement may not be published now, or null. `how` is "webhook"
 * (Meetloop posts it) or "hand" (staff posted it themselves and record that).
 */
export function publicationRefusal(
  status: MeetupStatus,
  a: AnnouncementFacts | null,
  how: 'webhook' | 'hand',
): string | null {
  const meetup = meetupRefusal(status);
  if (meetup) return meetup;
  if (!a) return 'Save the announcement first, then publish it.';
  if (a.state === 'queued') {
    return 'The announcement is being sent to the forum; wait for the forum to answer (shown on this page).';
  }
  // By hand it may be marked again, e.g. to add the post's address.
  if (how === 'webhook' && a.state === 'published' && !changedSincePublish(a)) {
    return 'This text is already on the forum; edit it to publish a new version.';
  }
  return null;
}
