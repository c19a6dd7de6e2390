import { formStamp, trapVerdict } from './form-trap';

describe('board form bot traps', () => {
  const secret = 's'.repeat(40);
  const shown = 1_800_000_000_000;

  it('accepts a form a person filled in', () => {
    expect(trapVerdict(secret, { website: '', shownAt: formStamp(secret, shown) }, 3, shown + 10_000)).toBe('ok');
  });

  it('refuses a filled hidden field, a forged or missing stamp', () => {
    expect(trapVerdict(secret, { website: 'http://spam', shownAt: formStamp(secret, shown) }, 3, shown + 10_000)).toBe(
      'trap',
    );
    expect(trapVerdict(secret, { shownAt: formStamp('t'.repeat(40), shown) }, 3, shown + 10_000)).toBe('trap');
    expect(trapVerdict(secret, {}, 3, shown + 10_000)).toBe('trap');
  });

  it('refuses a form sent back faster than a person types', () => {
    expect(trapVerdict(secret, { shownAt: formStamp(secret, shown) }, 3, shown + 1_000)).toBe('tooFast');
  });
});
