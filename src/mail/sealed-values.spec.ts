import { openSealedValues, sealValues } from './sealed-values';

const SECRET = 'test-app-secret-0123456789abcdef0123456789';

describe('sealed template values', () => {
  it('opens what it sealed, and the sealed text does not contain the value', () => {
    const link = 'http://localhost:3000/rsvp/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';
    const sealed = sealValues(SECRET, { rsvpUrl: link });
    expect(sealed).not.toContain('rsvp');
    expect(sealed).not.toContain('AbCdEf');
    expect(openSealedValues(SECRET, sealed)).toEqual({ rsvpUrl: link });
  });

  it('seals the same values differently each time', () => {
    expect(sealValues(SECRET, { a: 'b' })).not.toBe(sealValues(SECRET, { a: 'b' }));
  });

  it('refuses another secret and any tampering', () => {
    const sealed = sealValues(SECRET, { a: 'b' });
    expect(() => openSealedValues(SECRET + 'x', sealed)).toThrow();
    const parts = sealed.split('.');
    parts[3] = (parts[3][0] === 'A' ? 'B' : 'A') + parts[3].slice(1);
    expect(() => openSealedValues(SECRET, parts.join('.'))).toThrow();
    expect(() => openSealedValues(SECRET, 'v2.x.y.z')).toThrow(/malformed/);
  });
});
