import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { PUBLIC_KEY, ROLES_KEY, STAFF_ROLES } from '../common/access.decorators';
import { isPageRequest, Principal } from '../common/principal';
import { SignInRequiredException } from '../common/sign-in-required.exception';
import { message, translate } from '../common/strings';
import type { Locale } from '../common/locale';
import type { Role } from '../common/role';
import { AccountsService, principalOf } from './accounts.service';

/**
 * Every route needs an account unless marked @Public(); @Roles() narrows who.
 * Deny by default, so a new route forgotten by its author is closed, not open.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accounts: AccountsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const principal = await this.identify(request);
    if (principal) {
      request.principal = principal;
      response.locals.principal = principal;
    }
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    if (!principal) {
      if (isPageRequest(request.path) && request.method === 'GET')
        throw new SignInRequiredException(request.originalUrl);
      throw new UnauthorizedException('Sign in, or send an API token as "Authorization: Bearer <token>".');
    }
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? STAFF_ROLES;
    if (!roles.includes(principal.role)) {
      // The role names in each language: the page shows the viewer's, the API answers in English.
      const names = (locale: Locale) => ({
        roles: roles.map((r) => translate(locale, `role_${r}`)).join(translate(locale, 'rolesOr')),
        role: translate(locale, `role_${principal.role}`),
      });
      throw new ForbiddenException({
        message: translate('en', 'needsRole', names('en')),
        shown: message('needsRole', names(principal.locale)),
      });
    }
    return true;
  }

  private async identify(request: Request): Promise<Principal | null> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (bearer) return this.accounts.principalForToken(bearer[1]);
    const accountId = request.session?.accountId;
    if (!accountId) return null;
    const account = await this.accounts.activeAccount(accountId);
    return account ? principalOf(account, 'session') : null;
  }
}
