import { IsInt, Min } from 'class-validator';
import { ConfigSection } from '@config-center/core';

/** The demo's rate limit; a later issue enforces it with @nestjs/throttler. */
@ConfigSection('rateLimit')
export class RateLimitConfig {
  @IsInt() @Min(1) limit = 100;
  @IsInt() @Min(1) ttlMs = 60_000;
}
