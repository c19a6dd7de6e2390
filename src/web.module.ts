import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './accounts/access.guard';
import { AccountsModule } from './accounts/accounts.module';
import { Environment, publicUrl } from './config/environment';
import { CsrfGuard, csrfUtilities, CsrfUtilities } from './common/csrf';
import { ErrorFilter } from './common/error.filter';
import { SessionPool } from './common/web';

/**
 * Cross-cutting web pieces: who may call what, CSRF, sessions, error pages. At app level, not in common:
 * it wires the accounts module's guard in front of common's CSRF guard.
 */
@Global()
@Module({
  imports: [AccountsModule],
  providers: [
    SessionPool,
    {
      provide: CsrfUtilities,
      inject: [Environment],
      useFactory: (env: Environment) => new CsrfUtilities(csrfUtilities(env, publicUrl(env).startsWith('https://'))),
    },
    // Order matters: first who you are, then whether the form is genuine.
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_GUARD, useClass: CsrfGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
  ],
  exports: [CsrfUtilities, SessionPool],
})
export class WebModule {}
