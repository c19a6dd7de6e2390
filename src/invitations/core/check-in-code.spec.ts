import { checkInCode, invitationIdFromCheckInCode } from './check-in-code';

const SECRET = 'test-app-secret-0123456789abcdef0123456789';

describe('check-in code', () => {
  it('names its invitation and proves it with an HMAC', () => {
    const code = checkInCode(SECRET, '42');
    expect(code).toMatch(/^42\.[A-Za-z0-9_-]{22}$/);
    expect(invitationIdFromCheckInCode(SECRET, code)).toBe('42');
  });

  it('refuses a changed id, a changed mac, another secret and junk', () => {
    const code = checkInCode(SECRET, '42');
    expect(invitationIdFromCheckInCode(SECRET, code.replace(/^42/, '43'))).toBeNull();
    const flipped = code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A');
    expect(invitationIdFromCheckInCode(SECRET, flipped)).toBeNull();
    expect(invitationIdFromCheckInCode(SECRET + 'x', code)).toBeNull();
    for (const junk of ['', '42', '42.', 'x.y', code + 'A'])
      expect(invitationIdFromCheckInCode(SECRET, junk)).toBeNull();
  });
});
