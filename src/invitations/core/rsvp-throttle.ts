import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { Environment } from '../../config/environment';

/**
 * Rate limit of the RSVP pages and API, per client address and minute
 * (RSVP_RATE_LIMIT_PER_MINUTE). Counted in this instance's memory: with several
 * instances behind a balancer each allows the limit, which still caps what one
 * address can try — and tokens are 256-bit, so the limit is about floods, not
 * about guessing.
 */
export const rsvpThrottlerModule = ThrottlerModule.forRootAsync({
  inject: [Environment],
  useFactory: (env: Environment) => ({
    throttlers: [{ name: 'rsvp', ttl: 60_000, limit: env.RSVP_RATE_LIMIT_PER_MINUTE }],
    errorMessage: 'Too many requests from your address. Please wait a minute and try again.',
  }),
});

@Injectable()
export class RsvpThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.getType() !== 'http';
  }
}
