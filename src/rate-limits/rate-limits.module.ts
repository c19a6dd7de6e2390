import { Global, Module } from '@nestjs/common';
import { RateLimitsRepository } from './rate-limits.repository';
import { RateLimitsService } from './rate-limits.service';

/** Rate limits shared by all instances through PostgreSQL; any module may count with RateLimitsService. */
@Global()
@Module({ providers: [RateLimitsRepository, RateLimitsService], exports: [RateLimitsService] })
export class RateLimitsModule {}
