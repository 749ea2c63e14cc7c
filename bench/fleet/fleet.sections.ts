import 'reflect-metadata';
import { IsInt, Min } from 'class-validator';
import { ConfigSection } from '@config-center/core';

/**
 * The sections module of the simulated service (compiled to `bench/dist/fleet/fleet.sections.js`):
 * what each simulated instance binds and what `config-center publish --sections` validates with.
 * One section, `rateLimit`, of one field, decorated as `@IsInt() @Min(1) limit = 100` would be.
 */
export class RateLimitConfig {
  limit = 100;
}
IsInt()(RateLimitConfig.prototype, 'limit');
Min(1)(RateLimitConfig.prototype, 'limit');
Reflect.defineMetadata('design:type', Number, RateLimitConfig.prototype, 'limit');
ConfigSection('rateLimit')(RateLimitConfig);
