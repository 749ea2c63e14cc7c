import { join } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigCenterModule, EnvConfigSource, FileConfigSource } from '@config-center/core';
import { ConfigStatusController } from './config-status.controller';
import { GreetingConfig } from './greeting.config';
import { GreetingController } from './greeting.controller';
import { RateLimitConfig } from './rate-limit.config';

/** Where the demo reads its config from. */
export interface DemoOptions {
  /** The YAML file; default `apps/demo/config/app.yaml`. */
  configPath?: string;
  /** The last-good cache; default `.config-center/demo-last-good.json`. */
  cachePath?: string;
}

/** The demo service: a file source overridden by `DEMO__*` environment variables. */
@Module({})
export class AppModule {
  static register(options: DemoOptions = {}): DynamicModule {
    const configPath = options.configPath ?? join(__dirname, '..', 'config', 'app.yaml');
    return {
      module: AppModule,
      imports: [
        ConfigCenterModule.forRoot({
          sources: [new FileConfigSource({ path: configPath }), new EnvConfigSource({ prefix: 'DEMO__' })],
          sections: [GreetingConfig, RateLimitConfig],
          cache: { path: options.cachePath ?? join(process.cwd(), '.config-center', 'demo-last-good.json') },
          isGlobal: true,
        }),
      ],
      controllers: [GreetingController, ConfigStatusController],
    };
  }
}
