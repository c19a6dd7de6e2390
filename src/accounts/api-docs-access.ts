import { ForbiddenException, INestApplication, UnauthorizedException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { STAFF_ROLES } from '../common/access.decorators';
import { Environment } from '../config/environment';
import { AccountsService, principalOf } from './accounts.service';

/**
 * /api/docs and /api/docs-json are mounted by Swagger outside Nest's routes, so AccessGuard never saw
 * them: the whole API surface was readable by anyone. They answer signed-in staff and API tokens
 * (a person in a browser is sent to sign in), or anyone when API_DOCS_PUBLIC=true.
 */
export function apiDocsAccess(app: INestApplication) {
  const env = app.get(Environment);
  const accounts = app.get(AccountsService);
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (!req.path.startsWith('/api/docs') || env.API_DOCS_PUBLIC === 'true') return next();
    try {
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      const accountId = req.session?.accountId;
      const account = !bearer && accountId ? await accounts.activeAccount(accountId) : null;
      const principal = bearer
        ? await accounts.principalForToken(bearer[1])
        : account
          ? principalOf(account, 'session')
          : null;
      if (principal && STAFF_ROLES.includes(principal.role)) return next();
      if (principal) return next(new ForbiddenException('The API documentation is for staff accounts.'));
      if (!bearer && /^\/api\/docs\/?$/.test(req.path) && req.accepts(['html', 'json']) === 'html') {
        return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      }
      next(new UnauthorizedException('Sign in, or send an API token as "Authorization: Bearer <token>".'));
    } catch (error) {
      next(error);
    }
  };
}
