import { CanActivate, ExecutionContext, ForbiddenException, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { doubleCsrf, DoubleCsrfUtilities } from 'csrf-csrf';
import type { Request } from 'express';
import { Environment } from '../config/environment';
import { errorText } from './strings';

export const CSRF_EXEMPT_KEY = 'meetloop:csrf-exempt';
export const CSRF_FIELD = '_csrf';

/** Injectable holder, so the guard and the view locals share one configuration. */
export class CsrfUtilities {
  constructor(readonly utilities: DoubleCsrfUtilities) {}
}

/** Double-submit CSRF tokens (csrf-csrf), bound to the session once signed in. */
export function csrfUtilities(env: Environment, secure: boolean): DoubleCsrfUtilities {
  return doubleCsrf({
    getSecret: () => env.APP_SECRET!,
    getSessionIdentifier: (req: Request) =>
      req.session?.accountId || req.session?.memberId ? req.session.id : 'anonymous',
    cookieName: secure ? '__Host-meetloop.csrf' : 'meetloop.csrf',
    cookieOptions: { sameSite: 'lax', secure, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req: Request) =>
      (req.body as Record<string, string> | undefined)?.[CSRF_FIELD] ??
      (req.headers['x-csrf-token'] as string | undefined) ??
      (req.query[CSRF_FIELD] as string | undefined),
  });
}

/**
 * Refuses unsafe requests that carry cookies but no valid token. Requests with a
 * bearer token carry no ambient credentials, so they need none; routes that must
 * accept a POST from a mail client (one-click unsubscribe) opt out explicitly.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly csrf: CsrfUtilities,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return true;
    if (/^Bearer\s/i.test(request.headers.authorization ?? '')) return true;
    if (this.reflector.getAllAndOverride<boolean>(CSRF_EXEMPT_KEY, [context.getHandler(), context.getClass()]))
      return true;
    if (!this.csrf.utilities.validateRequest(request)) {
      throw new ForbiddenException(errorText('formExpired'));
    }
    return true;
  }
}

/** For POSTs that arrive without a page of ours before them (RFC 8058 one-click unsubscribe from mail clients). */
export const CsrfExempt = () => SetMetadata(CSRF_EXEMPT_KEY, true);
