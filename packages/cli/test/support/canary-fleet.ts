import { ConfigCenterModule, ConfigCenterService, ConfigSection } from '@config-center/core';
import { EtcdConfigSource } from '@config-center/etcd';
import { Test, type TestingModule } from '@nestjs/testing';
import { IsBoolean, IsInt, IsString, MaxLength, Min } from 'class-validator';
import type { Subscription } from 'rxjs';

/** The service's rate limit, as the CLI's sections module has it. */
@ConfigSection('rateLimit')
export class FleetRateLimit {
  @IsInt() @Min(1) limit = 100;
  @IsInt() @Min(1) ttlMs = 60_000;
}

/**
 * The greeting of a newer build than the CLI's sections module: at most 10 characters where the
 * CLI allows 20, so a canary the CLI accepts can still be rejected by the instances.
 */
@ConfigSection('greeting')
export class FleetGreeting {
  @IsString() @MaxLength(10) message = 'Hello';
  @IsBoolean() shout = false;
}

/** One instance of the fleet: a Nest app whose etcd source reports itself, and every swap it made. */
export class FleetInstance {
  /** The merged tree of every swap, as JSON, in order: what the instance served. */
  readonly swaps: string[] = [];
  private subscription: Subscription | undefined;

  private constructor(
    readonly instanceId: string,
    readonly labels: Readonly<Record<string, string>>,
    private readonly app: TestingModule,
  ) {}

  /** Starts an instance on `prefix` with its id and labels; its record is written at once (no write interval). */
  static async start(hosts: readonly string[], prefix: string, instanceId: string, labels: Record<string, string>): Promise<FleetInstance> {
    const sources = () => [
      new EtcdConfigSource({
        hosts: [...hosts],
        prefix,
        reconcileIntervalMs: 0,
        report: { instanceId, labels, ttlSeconds: 5, minWriteIntervalMs: 0 },
      }),
    ];
    const app = await Test.createTestingModule({
      imports: [ConfigCenterModule.forRoot({ sources, sections: [FleetRateLimit, FleetGreeting] })],
    }).compile();
    await app.init();
    const instance = new FleetInstance(instanceId, labels, app);
    instance.subscription = instance.service.changes$.subscribe((change) => instance.swaps.push(JSON.stringify(change.current)));
    return instance;
  }

  get service(): ConfigCenterService {
    return this.app.get(ConfigCenterService);
  }

  /** The rate limit and greeting served now. */
  get served(): { limit: number; message: string } {
    return { limit: this.service.get(FleetRateLimit).limit, message: this.service.get(FleetGreeting).message };
  }

  /** The content hash of the merged tree served now. */
  get hash(): string | undefined {
    return this.service.status().hash;
  }

  async close(): Promise<void> {
    this.subscription?.unsubscribe();
    await this.app.close();
  }
}
