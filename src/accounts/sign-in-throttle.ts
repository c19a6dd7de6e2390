import type { SignInHistory } from './accounts.repository';

export const SIGN_IN_WINDOW_MINUTES = 15;
/** Wrong passwords one address may try for one account in the window. */
export const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 10;
/** Wrong passwords one address may try in the window, whatever the accounts. */
export const MAX_FAILURES_PER_ADDRESS = 50;
/** Wrong passwords for one account from everywhere: beyond it, only addresses it signed in from before get in. */
export const MAX_FAILURES_PER_ACCOUNT = 100;
/** How long a successful sign-in makes an address known to the account. */
export const KNOWN_ADDRESS_DAYS = 90;

export type SignInRefusal = 'address' | 'account-and-address' | 'account';

/**
 * Whether a sign-in (or a current-password check) may be tried now. Counting failures per email
 * alone let anyone lock any account, the admin's too, from anywhere: OWASP's advice is to limit
 * per account *and* address, per address, and to let an address the account signed in from
 * before through a distributed attack — so the owner still gets in while strangers wait.
 */
export function signInRefusal(history: SignInHistory): SignInRefusal | null {
  if (history.byIp >= MAX_FAILURES_PER_ADDRESS) return 'address';
  if (history.byEmailAndIp >= MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS) return 'account-and-address';
  if (history.byEmail >= MAX_FAILURES_PER_ACCOUNT && !history.knownAddress) return 'account';
  return null;
}
