import { SetMetadata } from '@nestjs/common';
import type { Role } from './role';

export const PUBLIC_KEY = 'meetloop:public';
export const ROLES_KEY = 'meetloop:roles';

/** Anyone may call it: fans' pages, sign-in, health. Everything else needs an account. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Which roles may call it. Without this, a route is for admin and staff. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const STAFF_ROLES: Role[] = ['admin', 'staff'];
