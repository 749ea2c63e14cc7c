import 'reflect-metadata';
import { Controller, Get, Module, UseGuards, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SkipThrottle, ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { IsInt, Min } from 'class-validator';
import { ConfigCenterModule, ConfigCenterService, ConfigSection, MemoryConfigSource, type ConfigSource } from '@config-center/core';
import { liveThrottlerDefinition } from '@config-center/live';
import { EtcdConfigSource } from '@config-center/etcd';

/**
 * Where the live limit comes from: memory (`rateLimit` = `limit` per `ttlMs`) or an etcd prefix.
 * The fixed throttler always has `fixedLimit` per `fixedTtlMs`.
 */
export type ServerMode = { readonly fixedLimit: number; readonly fixedTtlMs: number } & (
  | { readonly source: 'memory'; readonly limit: number; readonly ttlMs: number }
  | { readonly source: 'etcd'; readonly endpoints: string[]; readonly prefix: string }
);

/** What the parent asks: the CPU time the child has used so far, or to close. */
export type ServerRequest = 'cpu' | 'close';

/** What the child tells its parent. */
export type ServerReply = { ready: { port: number } } | { failed: string } | { cpuMs: number } | { closed: true };

@ConfigSection('rateLimit')
class RateLimitConfig {
  @IsInt() @Min(1) limit = 100;
  @IsInt() @Min(1) ttlMs = 60_000;
}

/** Two identical routes: one throttled by fixed numbers, one by numbers read from config per request. */
@Controller()
@UseGuards(ThrottlerGuard)
class LimitedController {
  @Get('fixed')
  @SkipThrottle({ live: true })
  fixed(): string {
    return 'ok';
  }

  @Get('live')
  @SkipThrottle({ fixed: true })
  live(): string {
    return 'ok';
  }
}

function appModule(mode: ServerMode): DynamicModule {
  const sources: ConfigSource[] =
    mode.source === 'etcd'
      ? [new EtcdConfigSource({ hosts: mode.endpoints, prefix: mode.prefix, reconcileIntervalMs: 0 })]
      : [new MemoryConfigSource({ rateLimit: { limit: mode.limit, ttlMs: mode.ttlMs } })];
  const throttler = ThrottlerModule.forRootAsync({
    inject: [ConfigCenterService],
    useFactory: (config: ConfigCenterService) => ({
      throttlers: [
        { name: 'fixed', limit: mode.fixedLimit, ttl: mode.fixedTtlMs },
        liveThrottlerDefinition(config, RateLimitConfig, { name: 'live' }),
      ],
    }),
  });
  @Module({})
  class BenchServerModule {}
  return {
    module: BenchServerModule,
    imports: [ConfigCenterModule.forRoot({ sources, sections: [RateLimitConfig], isGlobal: true }), throttler],
    controllers: [LimitedController],
  };
}

/** Boots the app on a loopback port, reports it, answers CPU-time requests, and closes when asked. */
async function main(): Promise<void> {
  const mode = JSON.parse(process.argv[2]) as ServerMode;
  let app: INestApplication | undefined;
  const send = (reply: ServerReply) => process.send?.(reply);
  try {
    app = await NestFactory.create(appModule(mode), { logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    send({ ready: { port: address.port } });
  } catch (error) {
    send({ failed: (error as Error).message });
    process.exit(1);
  }
  process.on('message', (request: ServerRequest) => {
    if (request === 'cpu') {
      const { user, system } = process.cpuUsage();
      send({ cpuMs: (user + system) / 1000 });
      return;
    }
    void app?.close().then(() => {
      send({ closed: true });
      process.disconnect();
    });
  });
}

void main();
