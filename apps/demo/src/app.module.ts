import { join } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { ConfigCenterModule, ConfigCenterStatusModule } from '@config-center/core';
import { FeatureFlagsModule, LiveLoggingModule, liveThrottler } from '@config-center/live';
import { CheckoutController } from './checkout.controller';
import { demoSources, type DemoOptions } from './demo-options';
import { GreeterV1, GreeterV2, GreetingRouter } from './greeters';
import { GreetingController } from './greeting.controller';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';
import { RateLimitConfig } from './rate-limit.config';
import { DEMO_SECTIONS } from './sections';
import { UpstreamController } from './upstream.controller';
import { upstreamPoolProvider } from './upstream-pool';

export type { DemoOptions } from './demo-options';

/**
 * The demo service: config from a file (and etcd, when given endpoints) overridden by `DEMO__*`
 * environment variables, and one endpoint per live capability — a rate limit, log levels, a
 * feature flag, a weighted route, a rebuilt HTTP client pool (and its stats) — plus the config status
 * (`ConfigCenterStatusModule`).
 */
@Module({})
export class AppModule {
  static register(options: DemoOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigCenterModule.forRoot({
          sources: () => demoSources(options),
          sections: DEMO_SECTIONS,
          cache: { path: options.cachePath ?? join(process.cwd(), '.config-center', 'demo-last-good.json') },
          isGlobal: true,
        }),
        ThrottlerModule.forRootAsync(liveThrottler(RateLimitConfig)),
        LiveLoggingModule.forRoot(),
        FeatureFlagsModule.forRoot(),
        ConfigCenterStatusModule.forRoot({ path: 'config/status' }),
      ],
      controllers: [GreetingController, OrdersController, CheckoutController, UpstreamController],
      providers: [GreeterV1, GreeterV2, GreetingRouter, OrdersService, upstreamPoolProvider],
    };
  }
}
