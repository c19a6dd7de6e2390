import { CanActivate, ExecutionContext, ForbiddenException, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { doubleCsrf, DoubleCsrfUtilities } from 'csrf-csrf';
import type { Request } from 'express';
import { Environment } from '../config/environment';
import { errorText } from './strings';

export const CSRF_EXEMPT_KEY = 'meetloop:csrf-exempt';
export const CSRF_AFTER_UPLOAD_KEY = 'meetloop:csrf-after-upload';
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
    // Never from the query string: a URL with the token ends up in logs, history and Referer headers.
    getCsrfTokenFromRequest: (req: Request) =>
      (req.body as Record<string, string> | undefined)?.[CSRF_FIELD] ??
      (req.headers['x-csrf-token'] as string | undefined),
  });
}

/**
 * Refuses unsafe requests that carry cookies but no valid token. Requests with a valid bearer token
 * (AccessGuard, which runs first, identified them by it) carry no ambient credentials, so they need
 * none — a made-up "Bearer x" header does not switch the check off. Routes that must accept a POST
 * from a mail client (one-click unsubscribe) opt out explicitly; a multipart upload form checks its
 * token once the upload has been read (csrfAfterUpload), as the field rides in the body.
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
    const via = request.principal?.via;
    if (via === 'token' || via === 'environment-token') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(CSRF_EXEMPT_KEY, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(CSRF_AFTER_UPLOAD_KEY, targets) && request.is('multipart/form-data'))
      return true;
    if (!this.csrf.utilities.validateRequest(request)) {
      throw new ForbiddenException(errorText('formExpired'));
    }
    return true;
  }
}

/** A multipart form whose handler calls `csrfAfterUpload` once the upload (and so its `_csrf` field) is read. */
export const CsrfCheckedAfterUpload = () => SetMetadata(CSRF_AFTER_UPLOAD_KEY, true);

/** The CSRF check of a multipart form, for its handler to call after the upload; throws the usual 403. */
export function csrfAfterUpload(csrf: CsrfUtilities, request: Request): void {
  if (!csrf.utilities.validateRequest(request)) throw new ForbiddenException(errorText('formExpired'));
}

/** For POSTs that arrive without a page of ours before them (RFC 8058 one-click unsubscribe from mail clients). */
export const CsrfExempt = () => SetMetadata(CSRF_EXEMPT_KEY, true);
