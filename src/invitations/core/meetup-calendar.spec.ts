import ICAL from 'ical.js';
import { meetupCalendar, MeetupCalendarInput } from './meetup-calendar';

const base: MeetupCalendarInput = {
  method: 'PUBLISH',
  meetupId: 12,
  memberId: 3456,
  uidDomain: 'meetloop.example',
  title: 'Chengdu meetup; engineers, fans',
  description: 'Bring your questions, please.',
  url: 'https://meetloop.example/meetups/7',
  // 19:00 in Shanghai is 11:00Z.
  startsAt: new Date('2026-12-05T11:00:00Z'),
  endsAt: new Date('2026-12-05T13:00:00Z'),
  timeZone: 'Asia/Shanghai',
  venue: 'Tianfu Software Park, Building C, Hall 2',
  organizer: { name: 'Meetloop team', email: 'meetups@meetloop.example' },
  attendee: { name: '李伟', email: 'li.wei@example.com' },
  sequence: 0,
  now: new Date('2026-11-20T00:00:00Z'),
};

function parse(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  const vevent = cal.getFirstSubcomponent('vevent')!;
  // Register the file's own VTIMEZONEs so ical.js converts with them, as a client would.
  for (const vtz of cal.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
  }
  return { cal, vevent, event: new ICAL.Event(vevent) };
}

afterEach(() => ICAL.TimezoneService.reset());

describe('meetup calendar (.ics)', () => {
  it('puts the start at 19:00 Shanghai time = 11:00Z, with TZID and a matching VTIMEZONE', () => {
    const ics = meetupCalendar(base);
    expect(ics).toMatch(/DTSTART;TZID=Asia\/Shanghai:20261205T190000/);
    const { cal, vevent, event } = parse(ics);
    const tzid = vevent.getFirstProperty('dtstart')!.getParameter('tzid');
    expect(tzid).toBe('Asia/Shanghai');
    const zones = cal.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'));
    expect(zones).toContain('Asia/Shanghai');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-05T11:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-05T13:00:00.000Z');
  });

  it('uses the city zone for Urumqi (UTC+6)', () => {
    const ics = meetupCalendar({ ...base, timeZone: 'Asia/Urumqi' });
    expect(ics).toMatch(/DTSTART;TZID=Asia\/Urumqi:20261205T170000/);
    const { cal, event } = parse(ics);
    expect(cal.getFirstSubcomponent('vtimezone')!.getFirstPropertyValue('tzid')).toBe('Asia/Urumqi');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-05T11:00:00.000Z');
  });

  it('is a PUBLISH with a stable UID, the given SEQUENCE, organizer, attendee, venue, link and alarm', () => {
    const first = parse(meetupCalendar(base));
    const again = parse(meetupCalendar({ ...base, sequence: 3, startsAt: new Date('2026-12-05T12:00:00Z') }));
    expect(first.cal.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(first.event.uid).toBe('meetup-12-member-3456@meetloop.example');
    expect(again.event.uid).toBe(first.event.uid);
    expect(first.event.sequence).toBe(0);
    expect(again.event.sequence).toBe(3);
    expect(first.event.organizer.toLowerCase()).toBe('mailto:meetups@meetloop.example');
    expect(String(first.event.attendees[0].getFirstValue()).toLowerCase()).toBe('mailto:li.wei@example.com');
    expect(first.event.location).toBe(base.venue);
    expect(first.event.summary).toBe(base.title);
    expect(first.event.description).toContain(base.url);
    const alarm = first.vevent.getFirstSubcomponent('valarm')!;
    expect(alarm.getFirstPropertyValue('action')).toBe('DISPLAY');
    expect(String(alarm.getFirstPropertyValue('trigger'))).toBe('-PT2H');
  });

  it('is a different UID for another member of the same meetup', () => {
    const other = parse(meetupCalendar({ ...base, memberId: 3457 }));
    expect(other.event.uid).not.toBe('meetup-12-member-3456@meetloop.example');
  });

  it('folds long lines at 75 octets and escapes text', () => {
    const ics = meetupCalendar({ ...base, description: 'x'.repeat(300) + ', and; more' });
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(ics).toContain('SUMMARY:Chengdu meetup\\; engineers\\, fans');
    expect(parse(ics).event.description).toContain('x'.repeat(300) + ', and; more');
  });

  it('has a CANCEL variant with the same UID, status CANCELLED and no alarm', () => {
    const { cal, vevent, event } = parse(meetupCalendar({ ...base, method: 'CANCEL', sequence: 4 }));
    expect(cal.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(event.uid).toBe('meetup-12-member-3456@meetloop.example');
    expect(event.sequence).toBe(4);
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(vevent.getFirstSubcomponent('valarm')).toBeNull();
  });

  it('stamps DTSTAMP in UTC with Z and ends every line, the last too, with CRLF', () => {
    const ics = meetupCalendar(base);
    expect(ics).toMatch(/^DTSTAMP:20261120T000000Z\r$/m);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('shows the answer of the member as PARTSTAT and asks for no reply (RSVP=FALSE)', () => {
    const accepted = parse(meetupCalendar({ ...base, partstat: 'ACCEPTED' })).event.attendees[0];
    expect(accepted.getParameter('partstat')).toBe('ACCEPTED');
    expect(accepted.getParameter('rsvp')).toBe('FALSE');
    const pending = parse(meetupCalendar(base)).event.attendees[0];
    expect(pending.getParameter('partstat')).toBe('NEEDS-ACTION');
  });

  it('refuses an unknown zone, a negative sequence and an end before the start', () => {
    expect(() => meetupCalendar({ ...base, timeZone: 'Mars/Olympus' })).toThrow(/time zone/);
    expect(() => meetupCalendar({ ...base, sequence: -1 })).toThrow(/sequence/);
    expect(() => meetupCalendar({ ...base, endsAt: base.startsAt })).toThrow(/endsAt/);
  });
});
