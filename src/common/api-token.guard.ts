import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Request } from 'express';
import { Environment } from '../config/environment';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Machine access to the JSON API: `Authorization: Bearer <API_TOKEN>`.
 * Compared in constant time, through digests so lengths leak nothing either.
 */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  constructor(private readonly env: Environment) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!this.env.API_TOKEN || !match || !timingSafeEqual(digest(match[1]), digest(this.env.API_TOKEN))) {
      throw new UnauthorizedException('Send a valid API token as "Authorization: Bearer <token>".');
    }
    return true;
  }
}
