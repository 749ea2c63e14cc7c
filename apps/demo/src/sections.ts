import { LoggingConfig } from '@config-center/live/sections';
import { GreetingConfig } from './greeting.config';
import { RateLimitConfig } from './rate-limit.config';
import { RoutesConfig } from './routes.config';
import { UpstreamConfig } from './upstream.config';

/**
 * The demo's sections, in one place: the app module binds them, and `config-center --sections
 * apps/demo/dist/sections.js` validates a proposal with them, as the app would load it. The CLI
 * finds sections among a module's exports, so each is exported by name. The sections import the
 * light entries (`@config-center/core/sections`, `@config-center/live/sections`), so loading this
 * module loads no Nest: the CLI, which loads it on every run, stays fast.
 */
export { GreetingConfig, LoggingConfig, RateLimitConfig, RoutesConfig, UpstreamConfig };

/** Every section the demo binds. */
export const DEMO_SECTIONS = [GreetingConfig, RateLimitConfig, LoggingConfig, RoutesConfig, UpstreamConfig];
