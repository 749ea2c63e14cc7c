import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IsInt } from 'class-validator';
import { ConfigCenterModule, ConfigSection, ConfigValue, type ConfigSource } from '@config-center/core';

/** The section a propagated value lives in: validated on every swap, as an application's would be. */
@ConfigSection('bench')
class BenchSection {
  @IsInt() value = 0;
}

/** What an application reads: the value at `bench.value` through `@ConfigValue`. */
@Injectable()
export class BenchProbe {
  @ConfigValue('bench.value') readonly value!: number;
}

/**
 * A Nest application context (logger off) that serves `BenchSection` from `source` and provides a
 * `BenchProbe`: what the propagation benchmarks read a value through.
 */
export async function startProbeApp(source: ConfigSource): Promise<{ app: INestApplicationContext; probe: BenchProbe }> {
  class PropagationModule {}
  Module({ imports: [ConfigCenterModule.forRoot({ sources: [source], sections: [BenchSection] })], providers: [BenchProbe] })(
    PropagationModule,
  );
  const app = await NestFactory.createApplicationContext(PropagationModule, { logger: false });
  return { app, probe: app.get(BenchProbe) };
}
