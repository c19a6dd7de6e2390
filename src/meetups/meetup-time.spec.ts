import { fromCityLocal, toCityLocal } from './meetup-time';

describe('meetup times in the city zone', () => {
  it('stores 19:00 Asia/Shanghai as 11:00Z and shows it as 19:00 again', () => {
    const at = fromCityLocal('2026-12-05T19:00', 'Asia/Shanghai')!;
    expect(at.toISOString()).toBe('2026-12-05T11:00:00.000Z');
    expect(toCityLocal(at, 'Asia/Shanghai')).toBe('2026-12-05T19:00');
  });

  it('uses the other zone for a city in Asia/Urumqi (UTC+6)', () => {
    const at = fromCityLocal('2026-12-05T19:00', 'Asia/Urumqi')!;
    expect(at.toISOString()).toBe('2026-12-05T13:00:00.000Z');
    expect(toCityLocal(at, 'Asia/Urumqi')).toBe('2026-12-05T19:00');
  });

  it('refuses text that is not a time', () => {
    expect(fromCityLocal('next friday', 'Asia/Shanghai')).toBeNull();
  });
});
