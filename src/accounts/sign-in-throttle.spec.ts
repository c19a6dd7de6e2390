import { signInRefusal } from './sign-in-throttle';

const calm = { byEmail: 0, byEmailAndIp: 0, byIp: 0, knownAddress: false };

describe('sign-in throttle', () => {
  it('lets a calm address try', () => {
    expect(signInRefusal(calm)).toBeNull();
  });

  it('stops one address after 10 wrong passwords for one account, not the account everywhere', () => {
    expect(signInRefusal({ ...calm, byEmail: 10, byEmailAndIp: 10 })).toBe('account-and-address');
    // Ten failures from elsewhere do not stop this address.
    expect(signInRefusal({ ...calm, byEmail: 10, byEmailAndIp: 0 })).toBeNull();
  });

  it('stops an address that tries many accounts', () => {
    expect(signInRefusal({ ...calm, byIp: 50 })).toBe('address');
  });

  it('under a distributed attack on one account, keeps strangers out and lets a known address in', () => {
    expect(signInRefusal({ ...calm, byEmail: 100 })).toBe('account');
    expect(signInRefusal({ ...calm, byEmail: 100, knownAddress: true })).toBeNull();
    // …but a known address that itself guesses is stopped like any other.
    expect(signInRefusal({ ...calm, byEmail: 100, byEmailAndIp: 10, knownAddress: true })).toBe('account-and-address');
  });
});
