import { answersOpen, answerWindow, rsvpOutcome, RsvpSituation } from './rsvp-rules';

const now = new Date('2026-12-01T12:00:00Z');
const later = new Date('2026-12-01T13:00:00Z');
const earlier = new Date('2026-12-01T11:00:00Z');
const base: RsvpSituation = {
  meetupStatus: 'inviting',
  startsAt: new Date('2026-12-05T11:00:00Z'),
  deadline: new Date('2026-12-03T15:59:00Z'),
  state: 'pending',
  offerExpiresAt: null,
};

describe('answer window', () => {
  it('lets every answer change until the deadline', () => {
    for (const state of ['pending', 'accepted', 'declined', 'waitlisted'] as const) {
      expect(answerWindow({ ...base, state }, now)).toEqual({ canAccept: true, canDecline: true, closed: null });
    }
  });

  it('after the deadline, lets attendees and the waitlist step back and offers be taken, but nobody new accept', () => {
    const after = new Date('2026-12-04T00:00:00Z');
    expect(answerWindow({ ...base, state: 'pending' }, after)).toEqual({
      canAccept: false,
      canDecline: false,
      closed: 'deadline',
    });
    expect(answerWindow({ ...base, state: 'accepted' }, after)).toMatchObject({ canAccept: false, canDecline: true });
    expect(answerWindow({ ...base, state: 'declined' }, after)).toMatchObject({ canAccept: false, canDecline: false });
    const offered = { ...base, state: 'waitlisted' as const, offerExpiresAt: new Date('2026-12-04T06:00:00Z') };
    expect(answerWindow(offered, after)).toMatchObject({ canAccept: true, canDecline: true, closed: 'deadline' });
    expect(answerWindow({ ...base, meetupStatus: 'closed', state: 'accepted' }, now)).toMatchObject({
      canAccept: false,
      canDecline: true,
    });
  });

  it('closes everything for a cancelled, started or held meetup, and for expired or withdrawn invitations', () => {
    expect(answerWindow({ ...base, meetupStatus: 'cancelled' }, now).closed).toBe('cancelled');
    expect(answerWindow({ ...base, meetupStatus: 'held' }, now).closed).toBe('over');
    expect(answerWindow(base, base.startsAt).closed).toBe('over');
    expect(answerWindow({ ...base, meetupStatus: 'scheduled' }, now).closed).toBe('not-open');
    expect(answerWindow({ ...base, state: 'expired' }, now)).toEqual({
      canAccept: false,
      canDecline: false,
      closed: 'expired',
    });
    expect(answerWindow({ ...base, state: 'cancelled' }, now).closed).toBe('withdrawn');
  });
});

describe('answers open', () => {
  it('only while the meetup is inviting and its deadline is ahead', () => {
    expect(answersOpen(base, now)).toBe(true);
    expect(answersOpen(base, base.deadline)).toBe(false);
    for (const meetupStatus of ['draft', 'scheduled', 'closed', 'held', 'cancelled'] as const) {
      expect(answersOpen({ ...base, meetupStatus }, now)).toBe(false);
    }
  });
});

describe('RSVP outcome', () => {
  it('accept: seeks a seat unless already in, takes an open offer, waits in line otherwise', () => {
    expect(rsvpOutcome({ state: 'pending', offerExpiresAt: null }, 'accept', now)).toBe('seek-seat');
    expect(rsvpOutcome({ state: 'declined', offerExpiresAt: null }, 'accept', now)).toBe('seek-seat');
    expect(rsvpOutcome({ state: 'accepted', offerExpiresAt: null }, 'accept', now)).toBe('unchanged');
    expect(rsvpOutcome({ state: 'waitlisted', offerExpiresAt: null }, 'accept', now)).toBe('unchanged');
    expect(rsvpOutcome({ state: 'waitlisted', offerExpiresAt: later }, 'accept', now)).toBe('take-offer');
    expect(rsvpOutcome({ state: 'waitlisted', offerExpiresAt: earlier }, 'accept', now)).toBe('unchanged');
  });

  it('decline: gives up a seat or an offer (even one that just ran out), leaves the line, or declines', () => {
    expect(rsvpOutcome({ state: 'accepted', offerExpiresAt: null }, 'decline', now)).toBe('give-up-seat');
    expect(rsvpOutcome({ state: 'waitlisted', offerExpiresAt: later }, 'decline', now)).toBe('refuse-offer');
    expect(rsvpOutcome({ state: 'waitlisted', offerExpiresAt: earlier }, 'decline', now)).toBe('refuse-offer');
    expect(rsvpOutcome({ state: 'waitlisted', offerExpiresAt: null }, 'decline', now)).toBe('leave-waitlist');
    expect(rsvpOutcome({ state: 'pending', offerExpiresAt: null }, 'decline', now)).toBe('decline');
    expect(rsvpOutcome({ state: 'declined', offerExpiresAt: null }, 'decline', now)).toBe('unchanged');
  });
});
