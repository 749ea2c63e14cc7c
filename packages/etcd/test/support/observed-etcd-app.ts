import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigCenterModule, ConfigSection } from '@config-center/core';
import { EtcdConfigSource } from '@config-center/etcd';
import { IsInt, IsString, Min } from 'class-validator';
import type { Etcd3, IPutResponse } from 'etcd3';
import { EtcdCluster, TcpCutProxy } from '@config-center/testing/harness';

@ConfigSection('limits')
class LimitsConfig {
  @IsInt() @Min(1) max = 10;
}

@ConfigSection('db')
class DbConfig {
  @IsString() password = '';
}

/** A value that must never show in a status, a health check or a scrape. */
export const SECRET = 's3cr3t-hunter2';

/**
 * An app on real etcd, reached through a proxy a test can cut, whose config has a bounded limit
 * (`limits.max`, 5) and a secret (`db.password`): what the observability specs watch through a
 * change, a rejection, a quarantine and its release, an outage and recovery.
 */
export class ObservedEtcdApp {
  private constructor(
    readonly cluster: EtcdCluster,
    readonly etcd: Etcd3,
    readonly proxy: TcpCutProxy,
    readonly prefix: string,
    readonly source: string,
    readonly app: INestApplication,
  ) {}

  /** Starts etcd, the proxy and the app, with `imports` (the observers) next to the config module. */
  static async start(prefix: string, imports: ModuleMetadata['imports'], metadata: Omit<ModuleMetadata, 'imports'> = {}) {
    const cluster = await EtcdCluster.start();
    const etcd = cluster.client();
    const proxy = await TcpCutProxy.start(cluster.endpoints[0]);
    await etcd.put(`${prefix}limits/max`).value('5');
    await etcd.put(`${prefix}db/password`).value(SECRET);
    const source = new EtcdConfigSource({
      hosts: [proxy.endpoint],
      prefix,
      reconcileIntervalMs: 0,
      keepaliveMs: 500,
      dialTimeoutMs: 1000,
      retry: { initialDelayMs: 50, maxDelayMs: 300 },
    });
    @Module({
      ...metadata,
      imports: [ConfigCenterModule.forRoot({ sources: [source], sections: [LimitsConfig, DbConfig], isGlobal: true }), ...(imports ?? [])],
    })
    class AppModule {}
    const app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
    return new ObservedEtcdApp(cluster, etcd, proxy, prefix, source.name, app);
  }

  /** Writes a key under the prefix. */
  async put(key: string, value: string): Promise<IPutResponse> {
    return await this.etcd.put(`${this.prefix}${key}`).value(value);
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.proxy.close();
    await this.cluster.stop();
  }
}
