import { ConfigCenterModule, ConfigSection, type ConfigSource } from '@config-center/core';
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
}

/** A Nest app (a testing module, initialised) whose etcd source reports the instance. */
export async function startReportingApp(options: ReportingAppOptions): Promise<TestingModule> {
  const sources = () => [
    new EtcdConfigSource({ hosts: [...options.hosts], prefix: options.prefix, reconcileIntervalMs: 0, report: options.report }),
    ...(options.more?.() ?? []),
  ];
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigCenterModule.forRoot({ sources, sections: [LimitsConfig] })],
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
