import type { StringKey } from '../common/strings';
import type { Locale } from '../common/locale';
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

/** Meetups worth announcing (the refusal's key in strings.ts otherwise): scheduled ones until they are held (a draft may still move). */
export function meetupRefusal(status: MeetupStatus): StringKey | null {
  switch (status) {
    case 'draft':
      return 'announceDraft';
    case 'cancelled':
      return 'announceCancelled';
    case 'held':
      return 'announceHeld';
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
): StringKey | null {
  const meetup = meetupRefusal(status);
  if (meetup) return meetup;
  if (!a) return 'announceSaveFirst';
  if (a.state === 'queued') {
    return 'announceSending';
  }
  // By hand it may be marked again, e.g. to add the post's address.
  if (how === 'webhook' && a.state === 'published' && !changedSincePublish(a)) {
    return 'announceAlreadyPublished';
  }
  return null;
}
