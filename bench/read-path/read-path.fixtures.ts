import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { IsInt, Min } from 'class-validator';
import { ConfigCenterModule, ConfigSection, ConfigValue, MemoryConfigSource } from '@config-center/core';

/** The data both libraries serve; the loops read `rateLimit.limit`. */
export const READ_PATH_DATA = { rateLimit: { limit: 7, ttlMs: 60_000 } } as const;

/** The section read through its live view and its snapshot instance. */
@ConfigSection('rateLimit')
export class RateLimitConfig {
  @IsInt() @Min(1) limit = 100;
  @IsInt() @Min(1) ttlMs = 60_000;
}

/** A provider as an application writes it: a `@ConfigValue` property and an injected section. */
@Injectable()
export class RateLimitReader {
  @ConfigValue('rateLimit.limit') readonly limit!: number;
  constructor(readonly rate: RateLimitConfig) {}
}

@Module({
  imports: [
    ConfigCenterModule.forRoot({
      sources: [new MemoryConfigSource(structuredClone(READ_PATH_DATA))],
      sections: [RateLimitConfig],
      isGlobal: true,
    }),
  ],
  providers: [RateLimitReader],
})
class ConfigCenterReadModule {}

/**
 * `@nestjs/config` on the same data, in its documented fast configuration: the value comes from
 * a `load` factory (found by the first lookup `get` makes), no `.env` file, and its cache on.
 */
@Module({
  imports: [ConfigModule.forRoot({ load: [() => structuredClone(READ_PATH_DATA)], ignoreEnvFile: true, cache: true })],
})
class NestConfigReadModule {}

/** Boots a real application context of each library, with the logger off. */
export async function bootReadPathApps(): Promise<{ configCenter: INestApplicationContext; nestConfig: INestApplicationContext }> {
  const configCenter = await NestFactory.createApplicationContext(ConfigCenterReadModule, { logger: false });
  const nestConfig = await NestFactory.createApplicationContext(NestConfigReadModule, { logger: false });
  return { configCenter, nestConfig };
}
