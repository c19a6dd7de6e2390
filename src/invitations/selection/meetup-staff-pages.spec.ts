import type { MeetupClock } from '../core/meetup-timeline';
import { meetupStaffPages } from './meetup-staff-pages';

const at = (iso: string) => new Date(iso);
// 19:00–21:30 Shanghai time; answers until two days before.
const meetup = (over: Partial<MeetupClock> = {}): MeetupClock => ({
  status: 'inviting',
  startsAt: at('2026-12-05T11:00:00Z'),
  endsAt: at('2026-12-05T13:30:00Z'),
  rsvpDeadline: at('2026-12-03T15:59:00Z'),
  attendanceRecordedAt: null,
  ...over,
});
const weekBefore = at('2026-11-28T02:00:00Z');
const evening = at('2026-12-05T12:00:00Z');

describe('meetup staff pages', () => {
  it('offers only sending for a scheduled meetup nobody is invited to yet', () => {
    expect(meetupStaffPages(meetup({ status: 'scheduled' }), 0, 'first-wave', weekBefore)).toEqual([
      'invitations',
      'invitees',
    ]);
  });

  it('offers nothing for a draft', () => {
    expect(meetupStaffPages(meetup({ status: 'draft' }), 0, 'not-open', weekBefore)).toEqual([]);
  });

  it('offers every page while inviting, even when the ranking has no wave to send', () => {
    expect(meetupStaffPages(meetup(), 40, 'waitlist', weekBefore)).toEqual([
      'invitations',
      'invitees',
      'questions',
      'check-in',
      'roster',
    ]);
  });

  it('stops offering to send once the deadline has passed, and keeps the door pages on the evening', () => {
    expect(meetupStaffPages(meetup({ status: 'closed' }), 40, 'deadline-passed', evening)).toEqual([
      'invitations',
      'questions',
      'check-in',
      'roster',
    ]);
  });

  it('keeps only the history for a held or cancelled meetup', () => {
    const held = meetup({ status: 'held', attendanceRecordedAt: at('2026-12-05T19:30:00Z') });
    expect(meetupStaffPages(held, 40, 'not-open', at('2026-12-06T00:00:00Z'))).toEqual(['invitations', 'questions']);
    expect(meetupStaffPages(meetup({ status: 'cancelled' }), 40, 'not-open', weekBefore)).toEqual([
      'invitations',
      'questions',
    ]);
    expect(meetupStaffPages(meetup({ status: 'cancelled' }), 0, 'not-open', weekBefore)).toEqual([]);
  });

  it('drops the door pages once check-in has closed', () => {
    expect(meetupStaffPages(meetup({ status: 'closed' }), 40, 'deadline-passed', at('2026-12-05T19:30:00Z'))).toEqual([
      'invitations',
      'questions',
    ]);
  });
});
