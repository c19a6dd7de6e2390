import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, {
  ICalAlarmType,
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';
import { DateTime } from 'luxon';

/**
 * The `.ics` attached to an invitation email.
 *
 * Calendar clients replace an entry only when the UID matches and the SEQUENCE is higher, so the
 * UID is derived from meetup + member (stable across resends) and the caller passes the meetup's
 * revision as SEQUENCE (bump it whenever time or venue changes). Times carry the city's TZID with
 * a VTIMEZONE from the tzurl.org data in `@touch4it/ical-timezones`, so clients that ignore or
 * misread bare UTC still show the right local hour. Text generation, escaping and line folding
 * are ical-generator's job, not ours.
 */
export interface MeetupCalendarInput {
  /**
   * PUBLISH for every version of the entry, CANCEL to remove it. Not REQUEST: a REQUEST asks the
   * calendar to show Accept/Decline buttons that mail the organizer, and no address that Meetloop
   * reads receives those replies; members answer through their RSVP link.
   */
  method: 'PUBLISH' | 'CANCEL';
  /** The member's answer as the calendar should show it (PARTSTAT). */
  partstat?: CalendarPartstat;
  meetupId: string | number;
  memberId: string | number;
  /** Host part of the UID, e.g. the app's public host name. */
  uidDomain: string;
  title: string;
  description: string;
  /**
   * A link for the entry, appended to the description. Never the member's RSVP link: calendar
   * entries get shared and synced to other people's devices, and that link is a credential.
   */
  url?: string;
  startsAt: Date;
  endsAt: Date;
  /** The city's IANA zone, e.g. Asia/Shanghai. */
  timeZone: string;
  venue: string;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
  /**
   * Strictly higher for every new version of this member's entry (calendar-sequence.ts): the
   * meetup's revision plus the invitation's own count of answers that changed the entry.
   */
  sequence: number;
  /** Reminder in the calendar; default 2 hours before the start. */
  alarmMinutesBefore?: number;
  /** DTSTAMP; defaults to the current time. */
  now?: Date;
}

export type CalendarPartstat = 'NEEDS-ACTION' | 'ACCEPTED' | 'DECLINED' | 'TENTATIVE';

const PARTSTAT: Record<CalendarPartstat, ICalAttendeeStatus> = {
  'NEEDS-ACTION': ICalAttendeeStatus.NEEDSACTION,
  ACCEPTED: ICalAttendeeStatus.ACCEPTED,
  DECLINED: ICalAttendeeStatus.DECLINED,
  TENTATIVE: ICalAttendeeStatus.TENTATIVE,
};

export const DEFAULT_ALARM_MINUTES = 120;

/** 20261203T121223Z: RFC 5545 §3.8.7.2 wants DTSTAMP in UTC. */
function utcStamp(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function meetupCalendarUid(meetupId: string | number, memberId: string | number, domain: string): string {
  return `meetup-${meetupId}-member-${memberId}@${domain}`;
}

export function meetupCalendar(input: MeetupCalendarInput): string {
  if (!Number.isInteger(input.sequence) || input.sequence < 0) {
    throw new RangeError('sequence must be a non-negative integer');
  }
  if (!DateTime.local().setZone(input.timeZone).isValid || getVtimezoneComponent(input.timeZone) === null) {
    throw new RangeError(`unknown time zone ${input.timeZone}`);
  }
  if (input.endsAt.getTime() <= input.startsAt.getTime()) {
    throw new RangeError('endsAt must be after startsAt');
  }
  const cancel = input.method === 'CANCEL';
  const cal = ical({
    prodId: { company: 'Meetloop', product: 'meetups', language: 'EN' },
    method: cancel ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
  });
  cal.timezone({ name: input.timeZone, generator: getVtimezoneComponent });
  const inZone = (d: Date) => DateTime.fromJSDate(d).setZone(input.timeZone);
  const stamp = input.now ?? new Date();
  const event = cal.createEvent({
    id: meetupCalendarUid(input.meetupId, input.memberId, input.uidDomain),
    sequence: input.sequence,
    stamp,
    start: inZone(input.startsAt),
    end: inZone(input.endsAt),
    timezone: input.timeZone,
    summary: input.title,
    description: input.url ? `${input.description}\n\n${input.url}` : input.description,
    location: input.venue,
    url: input.url ?? null,
    status: cancel ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: input.organizer.name, email: input.organizer.email },
  });
  event.createAttendee({
    name: input.attendee.name,
    email: input.attendee.email,
    role: ICalAttendeeRole.REQ,
    status: PARTSTAT[input.partstat ?? 'NEEDS-ACTION'],
    // Nobody reads replies to the organizer address: the calendar must not offer to send one.
    rsvp: false,
  });
  if (!cancel) {
    event.createAlarm({
      type: ICalAlarmType.display,
      trigger: (input.alarmMinutesBefore ?? DEFAULT_ALARM_MINUTES) * 60,
      description: input.title,
    });
  }
  // ical-generator writes DTSTAMP in the calendar's zone without Z (floating, and from the
  // machine's local clock); RFC 5545 wants UTC. It also leaves off the last line's CRLF, which
  // §3.1 requires after every content line.
  return `${cal.toString().replace(/^DTSTAMP:.*$/m, `DTSTAMP:${utcStamp(stamp)}`)}\r\n`;
}
