// Type-only imports: they make the module augmentations below resolvable and vanish at run time.
import type {} from 'express-session';
import type {} from 'express-serve-static-core';
import type { Role } from './role';
import type { Locale } from './locale';
import type { Message } from './strings';

/** Who is making a request: a signed-in account, or a machine holding an API token. */
export interface Principal {
  accountId: number | null;
  name: string;
  email: string;
  role: Role;
  engineerId: number | null;
  locale: Locale;
  via: 'session' | 'token' | 'environment-token';
}

declare module 'express-session' {
  interface SessionData {
    accountId?: number;
    /** A fan signed in by an emailed link (src/boards/sign-in): never an account, never read by the staff guard. */
    memberId?: string;
    /** Shown once on the next page: a plain string, or a Message translated for the viewer. */
    flash?: string | Message;
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** Pages are everything outside /api and /health; they get HTML errors and sign-in redirects. */
export const isPageRequest = (path: string) =>
  !path.startsWith('/api/') &&
  path !== '/api' &&
  path !== '/health' &&
  !path.startsWith('/health/') &&
  path !== '/metrics';

/** The language of whoever is signed in; English for anyone else. */
export const viewerLocale = (req: { principal?: Principal }): Locale => req.principal?.locale ?? 'en';
