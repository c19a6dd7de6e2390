import { nextWaveSize, WaveSituation } from './wave-size';

const now = new Date('2026-12-01T00:00:00Z');
const situation = (over: Partial<WaveSituation> = {}): WaveSituation => ({
  status: 'inviting',
  capacityMax: 50,
  firstWaveSize: null,
  deadline: new Date('2026-12-03T15:59:00Z'),
  seatsTaken: 0,
  invited: 0,
  pending: 0,
  waitingInLine: 0,
  ...over,
});
const wave = (over: Partial<WaveSituation>) => nextWaveSize(situation(over), now);

describe('next wave size', () => {
  it('invites the capacity maximum in the first wave, or the size staff chose', () => {
    expect(wave({ status: 'scheduled' })).toEqual({ first: true, size: 50, reason: 'first-wave' });
    expect(wave({ status: 'scheduled', firstWaveSize: 80 })).toEqual({ first: true, size: 80, reason: 'first-wave' });
    expect(wave({ firstWaveSize: 10 }).size).toBe(10);
  });

  it('fills the seats that declines and expiries left free, counting unanswered invitations as possible seats', () => {
    // 50 invited: 30 accepted, 5 still pending, 15 declined or expired.
    expect(wave({ invited: 50, seatsTaken: 30, pending: 5 })).toEqual({ first: false, size: 15, reason: 'seats-free' });
    // An open offer holds a seat like an acceptance.
    expect(wave({ invited: 50, seatsTaken: 31, pending: 5 }).size).toBe(14);
  });

  it('sends nothing while anyone waits in line: the next freed seat is theirs', () => {
    expect(wave({ invited: 60, seatsTaken: 40, pending: 0, waitingInLine: 2 })).toEqual({
      first: false,
      size: 0,
      reason: 'waitlist',
    });
  });

  it('never goes negative when the first wave invited more than the capacity', () => {
    expect(wave({ invited: 80, seatsTaken: 45, pending: 20 })).toEqual({
      first: false,
      size: 0,
      reason: 'no-free-seats',
    });
    expect(wave({ invited: 50, seatsTaken: 50 }).reason).toBe('no-free-seats');
  });

  it('sends nothing once the RSVP deadline has passed, even into an empty meetup', () => {
    expect(wave({ deadline: now })).toEqual({ first: true, size: 0, reason: 'deadline-passed' });
    expect(wave({ deadline: new Date(now.getTime() - 1), invited: 10 }).reason).toBe('deadline-passed');
  });

  it('sends nothing for a draft, closed, held or cancelled meetup', () => {
    for (const status of ['draft', 'closed', 'held', 'cancelled'] as const) {
      expect(wave({ status })).toMatchObject({ size: 0, reason: 'not-open' });
    }
  });
});
