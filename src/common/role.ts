/** What an account may do; the access decorators (access.decorators.ts) name the roles a route needs. */
export const ROLES = ['admin', 'staff', 'engineer', 'steward'] as const;
export type Role = (typeof ROLES)[number];
