import { IsInt, Min } from 'class-validator';
import { ConfigSection } from '@config-center/core/sections';

/**
 * The limit of `GET /orders`, enforced by `@nestjs/throttler` with `liveThrottler(RateLimitConfig)`:
 * at most `limit` requests per `ttlMs` per client, read on every request.
 */
@ConfigSection('rateLimit')
export class RateLimitConfig {
  @IsInt() @Min(1) limit = 100;
  @IsInt() @Min(1) ttlMs = 60_000;
}
