import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { CONFIG_STORE, ConfigCenterModule, ConfigCenterService, ConfigSection, type ConfigStore } from '@config-center/core';
import { EtcdConfigSource } from '@config-center/etcd';
import { IsInt } from 'class-validator';
import { EtcdCluster } from './harness';
import { AppliedStateProbe } from './support/applied-state-probe';

@ConfigSection('txn')
class TxnConfig {
  @IsInt() a = 0;
  @IsInt() b = 0;
  @IsInt() c = 0;
}

/** Reads the section through a live view, as application code does, as often as it can. */
@Injectable()
class Reader {
  reads = 0;
  torn = 0;
  private timer: NodeJS.Timeout | undefined;
  constructor(readonly view: TxnConfig) {}

  start(): void {
    const read = () => {
      const { a, b, c } = this.view;
      if (a !== b || b !== c) this.torn++;
      this.reads++;
      this.timer = setTimeout(read, 0);
    };
    read();
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

/** Fault 4: one multi-key transaction, seen by a concurrent reader as all-or-nothing, 1,000 times. */
describe('EtcdConfigSource with multi-key transactions and a concurrent reader', () => {
  let cluster: EtcdCluster | undefined;
  let moduleRef: TestingModule | undefined;
  let probe: AppliedStateProbe | undefined;

  afterEach(async () => {
    moduleRef?.get(Reader).stop();
    await probe?.close();
    await moduleRef?.close();
    await cluster?.stop();
  }, 30_000);

  it('applies each transaction as one swap that no reader sees half of', async () => {
    cluster = await EtcdCluster.start();
    const prefix = '/fault/txn/';
    const etcd = cluster.client();
    const source = new EtcdConfigSource({ hosts: cluster.endpoints, prefix, reconcileIntervalMs: 0 });
    moduleRef = await Test.createTestingModule({
      imports: [ConfigCenterModule.forRoot({ sources: [source], sections: [TxnConfig] })],
      providers: [Reader],
    }).compile();
    await moduleRef.init();
    const service = moduleRef.get(ConfigCenterService);
    probe = new AppliedStateProbe(moduleRef.get<ConfigStore>(CONFIG_STORE));
    const changed: string[][] = [];
    service.changes$.subscribe((change) => changed.push([...change.changedPaths]));
    const reader = moduleRef.get(Reader);
    reader.start();

    for (let i = 1; i <= 1000; i++) {
      const value = String(i);
      await etcd
        .if(`${prefix}txn/a`, 'Version', '>', -1)
        .then(etcd.put(`${prefix}txn/a`).value(value), etcd.put(`${prefix}txn/b`).value(value), etcd.put(`${prefix}txn/c`).value(value))
        .commit();
    }

    await probe.convergedOn(etcd, prefix);
    reader.stop();
    expect(service.get(TxnConfig)).toEqual(Object.assign(new TxnConfig(), { a: 1000, b: 1000, c: 1000 }));
    expect(changed).toHaveLength(1000);
    expect(changed.every((paths) => paths.sort().join() === 'txn.a,txn.b,txn.c')).toBe(true);
    expect(probe.appliedRevisions).toHaveLength(1000);
    expect(probe.revisionsOnlyWentUp).toBe(true);
    expect(reader.reads).toBeGreaterThan(100);
    expect(reader.torn).toBe(0);
  }, 60_000);
});
