import {
  attendanceDue,
  attendanceDueAt,
  checkInWindow,
  deadlinePassed,
  MeetupClock,
  reminderDue,
  reminderHorizon,
} from './meetup-timeline';

const at = (iso: string) => new Date(iso);
// 19:00–21:30 Shanghai time.
const meetup: MeetupClock = {
  status: 'closed',
  startsAt: at('2026-12-05T11:00:00Z'),
  endsAt: at('2026-12-05T13:30:00Z'),
  rsvpDeadline: at('2026-12-03T15:59:00Z'),
  attendanceRecordedAt: null,
};

describe('check-in window', () => {
  it('opens 3 hours before the start and closes 6 hours after the end', () => {
    expect(checkInWindow(meetup, at('2026-12-05T07:59:59Z'))).toMatchObject({ open: false, closed: 'too-early' });
    const open = checkInWindow(meetup, at('2026-12-05T08:00:00Z'));
    expect(open).toMatchObject({ open: true, closed: null });
    expect(open.opensAt.toISOString()).toBe('2026-12-05T08:00:00.000Z');
    expect(open.closesAt.toISOString()).toBe('2026-12-05T19:30:00.000Z');
    expect(checkInWindow(meetup, at('2026-12-05T19:29:59Z')).open).toBe(true);
    expect(checkInWindow(meetup, at('2026-12-05T19:30:00Z'))).toMatchObject({ open: false, closed: 'over' });
  });

  it('is open for an inviting meetup too (staff never closed it)', () => {
    expect(checkInWindow({ ...meetup, status: 'inviting' }, at('2026-12-05T11:30:00Z')).open).toBe(true);
  });

  it('stays closed for cancelled, held, recorded and never-invited meetups', () => {
    const during = at('2026-12-05T11:30:00Z');
    expect(checkInWindow({ ...meetup, status: 'cancelled' }, during).closed).toBe('cancelled');
    expect(checkInWindow({ ...meetup, status: 'held' }, during).closed).toBe('recorded');
    expect(checkInWindow({ ...meetup, attendanceRecordedAt: during }, during).closed).toBe('recorded');
    expect(checkInWindow({ ...meetup, status: 'scheduled' }, during).closed).toBe('not-invited');
    expect(checkInWindow({ ...meetup, status: 'draft' }, during).closed).toBe('not-invited');
  });
});

describe('RSVP deadline', () => {
  it('has passed at the deadline, or at the start when there is none', () => {
    expect(deadlinePassed(meetup, at('2026-12-03T15:58:59Z'))).toBe(false);
    expect(deadlinePassed(meetup, at('2026-12-03T15:59:00Z'))).toBe(true);
    expect(deadlinePassed({ ...meetup, rsvpDeadline: null }, at('2026-12-04T00:00:00Z'))).toBe(false);
    expect(deadlinePassed({ ...meetup, rsvpDeadline: null }, at('2026-12-05T11:00:00Z'))).toBe(true);
  });
});

describe('attendance', () => {
  it('is due 6 hours after the end, or as soon as staff say the meetup was held', () => {
    expect(attendanceDueAt(meetup.endsAt).toISOString()).toBe('2026-12-05T19:30:00.000Z');
    expect(attendanceDue(meetup, at('2026-12-05T19:29:00Z'))).toBe(false);
    expect(attendanceDue(meetup, at('2026-12-05T19:30:00Z'))).toBe(true);
    expect(attendanceDue({ ...meetup, status: 'inviting' }, at('2026-12-06T00:00:00Z'))).toBe(true);
    expect(attendanceDue({ ...meetup, status: 'held' }, at('2026-12-05T12:00:00Z'))).toBe(true);
  });

  it('is recorded once, and never for cancelled or never-invited meetups', () => {
    const late = at('2026-12-09T00:00:00Z');
    expect(attendanceDue({ ...meetup, attendanceRecordedAt: late }, late)).toBe(false);
    expect(attendanceDue({ ...meetup, status: 'cancelled' }, late)).toBe(false);
    expect(attendanceDue({ ...meetup, status: 'scheduled' }, late)).toBe(false);
  });
});

describe('reminders', () => {
  const m = { ...meetup, remindedAt: null };

  it('go out from `days` before the start until the start', () => {
    expect(reminderDue(m, at('2026-12-03T10:59:00Z'), 2)).toBe(false);
    expect(reminderDue(m, at('2026-12-03T11:00:00Z'), 2)).toBe(true);
    expect(reminderDue(m, at('2026-12-05T10:59:00Z'), 2)).toBe(true);
    expect(reminderDue(m, at('2026-12-05T11:00:00Z'), 2)).toBe(false);
  });

  it('go out once, only for meetups taking answers or closed, and not at all with days = 0', () => {
    const now = at('2026-12-04T00:00:00Z');
    expect(reminderDue({ ...m, remindedAt: now }, now, 2)).toBe(false);
    expect(reminderDue({ ...m, status: 'cancelled' }, now, 2)).toBe(false);
    expect(reminderDue({ ...m, status: 'scheduled' }, now, 2)).toBe(false);
    expect(reminderDue(m, now, 0)).toBe(false);
    expect(reminderHorizon(now, 0)).toBeNull();
  });
});
