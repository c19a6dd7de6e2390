import { ExecutionContext, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { Environment } from '../../config/environment';
import { RateLimitsService } from '../../rate-limits/rate-limits.service';

/**
 * Rate limit of the RSVP pages and API, per client address and minute
 * (RSVP_RATE_LIMIT_PER_MINUTE). Counted in PostgreSQL (RateLimitsService), so
 * every instance behind the balancer counts the same hits: the limit is one
 * address's, whichever instance answers. Tokens are 256-bit, so the limit is
 * about floods, not about guessing.
 */
export const rsvpThrottlerModule = ThrottlerModule.forRootAsync({
  inject: [Environment, RateLimitsService],
  useFactory: (env: Environment, storage: RateLimitsService) => ({
    throttlers: [{ name: 'rsvp', ttl: 60_000, limit: env.RSVP_RATE_LIMIT_PER_MINUTE }],
    storage,
    errorMessage: 'Too many requests from your address. Please wait a minute and try again.',
  }),
});

@Injectable()
export class RsvpThrottlerGuard extends ThrottlerGuard {
  /**
   * One count per address across every RSVP route (the default key holds the route, so each route
   * allowed the limit again: ten routes, ten times the limit).
   */
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return createHash('sha256').update(`rsvp:${name}:${tracker}`).digest('hex');
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.getType() !== 'http';
  }
}
