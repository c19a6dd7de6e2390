import { DEFAULT_OFFER_WINDOW, offerWindow } from './offer-window';

const H = 3_600_000;
const start = new Date('2026-12-05T11:00:00Z');
const before = (ms: number) => new Date(start.getTime() - ms);
const holds = (now: Date) => {
  const w = offerWindow(now, start);
  return w.offer ? (w.expiresAt.getTime() - now.getTime()) / H : w.reason;
};

describe('offer window', () => {
  it('holds 48 h when the meetup is far away', () => {
    expect(holds(before(30 * 24 * H))).toBe(48);
    // 2 h cut-off + 2 × 48 h: exactly the point where half the time left is 48 h.
    expect(holds(before(98 * H))).toBe(48);
  });

  it('shrinks to half of the time left before the cut-off as the meetup nears', () => {
    expect(holds(before(50 * H))).toBe(24);
    expect(holds(before(6 * H))).toBe(2);
  });

  it('keeps the minimum hour while there is at least an hour before the cut-off', () => {
    expect(holds(before(3.5 * H))).toBe(1);
    expect(holds(before(3 * H))).toBe(1);
  });

  it('makes no offer when less than the minimum is left before the cut-off, or after the start', () => {
    expect(holds(before(3 * H - 1))).toBe('meetup-too-close');
    expect(holds(before(0))).toBe('meetup-too-close');
    expect(holds(new Date(start.getTime() + H))).toBe('meetup-too-close');
  });

  it('never ends after the start minus the cut-off', () => {
    for (let h = 3; h < 200; h += 0.25) {
      const w = offerWindow(before(h * H), start);
      if (w.offer) expect(w.expiresAt.getTime()).toBeLessThanOrEqual(start.getTime() - 2 * H);
    }
  });

  it('follows the settings', () => {
    const w = offerWindow(before(30 * 24 * H), start, { ...DEFAULT_OFFER_WINDOW, defaultHours: 24 });
    expect(w.offer && w.expiresAt.toISOString()).toBe(new Date(before(30 * 24 * H).getTime() + 24 * H).toISOString());
    const noCutoff = { ...DEFAULT_OFFER_WINDOW, stopBeforeStartMinutes: 0 };
    const late = offerWindow(before(2 * H), start, noCutoff);
    expect(late.offer && late.expiresAt.toISOString()).toBe(before(H).toISOString());
  });
});
