import { allowedTransitions, canTransition, MEETUP_STATUSES } from './meetup-status';

describe('meetup status machine', () => {
  it('walks draft → scheduled → inviting → closed → held', () => {
    expect(canTransition('draft', 'scheduled')).toBe(true);
    expect(canTransition('scheduled', 'inviting')).toBe(true);
    expect(canTransition('inviting', 'closed')).toBe(true);
    expect(canTransition('closed', 'held')).toBe(true);
  });

  it('allows cancelling from every state before held, and nothing after held or cancelled', () => {
    for (const s of ['draft', 'scheduled', 'inviting', 'closed'] as const)
      expect(canTransition(s, 'cancelled')).toBe(true);
    expect(allowedTransitions('held')).toEqual([]);
    expect(allowedTransitions('cancelled')).toEqual([]);
  });

  it('refuses skipping or going back', () => {
    expect(canTransition('draft', 'inviting')).toBe(false);
    expect(canTransition('inviting', 'scheduled')).toBe(false);
    expect(canTransition('draft', 'held')).toBe(false);
    for (const s of MEETUP_STATUSES) expect(canTransition(s, s)).toBe(false);
  });
});
