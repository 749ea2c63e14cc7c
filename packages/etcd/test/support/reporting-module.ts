import { ConfigCenterModule, ConfigSection, type ConfigSource } from '@config-center/core';
import type { SecretsOptions } from '@config-center/core/secrets';
import {
  controlPrefixFor,
  EtcdConfigSource,
  instanceReportKey,
  readInstanceReports,
  type EtcdInstanceReportOptions,
} from '@config-center/etcd';
import type { InstanceReport } from '@config-center/etcd';
import { Test, type TestingModule } from '@nestjs/testing';
import { IsInt, Min } from 'class-validator';
import type { Etcd3 } from 'etcd3';
import { waitFor } from '@config-center/testing/harness';

/** The section the reporting specs change and break. */
@ConfigSection('limits')
export class LimitsConfig {
  @IsInt() @Min(1) max = 10;
}

/** What a reporting app is started with. */
export interface ReportingAppOptions {
  readonly hosts: readonly string[];
  readonly prefix: string;
  readonly report: EtcdInstanceReportOptions;
  /** Sources after the etcd one. */
  readonly more?: () => ConfigSource[];
  /** The keys the app holds to open `enc:` values. */
  readonly secrets?: SecretsOptions;
}

/** A Nest app (a testing module, initialised) whose etcd source reports the instance. */
export async function startReportingApp(options: ReportingAppOptions): Promise<TestingModule> {
  const sources = () => [
    new EtcdConfigSource({ hosts: [...options.hosts], prefix: options.prefix, reconcileIntervalMs: 0, report: options.report }),
    ...(options.more?.() ?? []),
  ];
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigCenterModule.forRoot({ sources, sections: [LimitsConfig], secrets: options.secrets })],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

/** The instances reporting under the default control prefix of `prefix`, by id. */
export async function reportsOf(etcd: Etcd3, prefix: string): Promise<Map<string, InstanceReport>> {
  const { reports, problems } = await readInstanceReports(etcd, controlPrefixFor(prefix));
  if (problems.length) throw new Error(`Malformed instance reports: ${JSON.stringify(problems)}`);
  return new Map(reports.map((report) => [report.instanceId, report]));
}

/** The raw etcd entry of one instance's record: its text and how many times it was written. */
export async function rawRecord(etcd: Etcd3, prefix: string, instanceId: string): Promise<{ text: string; writes: number } | undefined> {
  const { kvs } = await etcd.get(instanceReportKey(controlPrefixFor(prefix), instanceId)).exec();
  return kvs[0] && { text: kvs[0].value.toString('utf8'), writes: Number(kvs[0].version) };
}

/**
 * Every text the instance's record was written with, oldest first, replayed from etcd's history by
 * a watch from revision 1 up to the record's current revision: what a test checks "nothing was
 * written while nothing changed" with, without watching a clock.
 */
export async function recordHistory(etcd: Etcd3, prefix: string, instanceId: string): Promise<string[]> {
  const key = instanceReportKey(controlPrefixFor(prefix), instanceId);
  const { kvs } = await etcd.get(key).exec();
  if (!kvs[0]) return [];
  const until = kvs[0].mod_revision;
  const texts: string[] = [];
  const watcher = await etcd.watch().key(key).startRevision('1').create();
  try {
    await new Promise<void>((resolve) =>
      watcher.on('put', (kv) => {
        texts.push(kv.value.toString('utf8'));
        if (kv.mod_revision === until) resolve();
      }),
    );
  } finally {
    await watcher.cancel();
  }
  return texts;
}

/**
 * Resolves once etcd has expired a fresh lease of `seconds` (etcd may round it up to its least
 * TTL): an event that proves at least that much time passed, by etcd's clock, however loaded the
 * machine — what a test waits for before asserting that nothing happened meanwhile.
 */
export async function etcdLeaseExpired(etcd: Etcd3, seconds: number): Promise<void> {
  const lease = etcd.lease(seconds, { autoKeepAlive: false });
  const key = `/test-clock/${await lease.grant()}`;
  await lease.put(key).value('').exec();
  await waitFor(async () => (await etcd.get(key).exec()).kvs.length === 0, `etcd to expire a ${seconds} s lease`, 30_000, 50);
  lease.release();
}
