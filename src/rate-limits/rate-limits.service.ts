import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { RateLimitsRepository, WindowCount } from './rate-limits.repository';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const SWEEP_EVERY_MS = 5 * 60_000;

/**
 * Fixed-window rate limits counted in PostgreSQL, so every app instance behind a balancer counts the
 * same hits. Use `hit` for a limit of your own, or pass this service as @nestjs/throttler's `storage`.
 */
@Injectable()
export class RateLimitsService implements ThrottlerStorage, OnModuleInit, OnApplicationShutdown {
  private sweeper?: NodeJS.Timeout;

  constructor(private readonly windows: RateLimitsRepository) {}

  onModuleInit(): void {
    this.sweeper = setInterval(() => void this.windows.sweep().catch(() => undefined), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  /** Counts a hit on `key` in a window of `windowMs`. */
  hit(key: string, windowMs: number): Promise<WindowCount> {
    return this.windows.hit(key, windowMs);
  }

  /**
   * @nestjs/throttler's storage contract. The key is the throttler's (a hash of the route and the client),
   * prefixed with its name. A client over the limit stays refused until its window ends: the block lasts
   * the rest of the window (a longer `blockDuration` is not supported).
   */
  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const { hits, msLeft } = await this.hit(`${throttlerName}:${key}`, ttl);
    const seconds = Math.ceil(msLeft / 1000);
    const isBlocked = hits > limit;
    return { totalHits: hits, timeToExpire: seconds, isBlocked, timeToBlockExpire: isBlocked ? seconds : 0 };
  }
}
