import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigCenterModule, ConfigCenterService, ConfigSection } from '@config-center/core';
import { CONFIG_STORE, type ConfigStore } from '@config-center/core/source-kit';
import { EtcdConfigSource } from '@config-center/etcd';
import { IsInt } from 'class-validator';
import type { Etcd3 } from 'etcd3';
import { EtcdCluster, TcpCutProxy, waitFor } from '@config-center/testing/harness';
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

/**
 * Fault 4: multi-key transactions, seen by a concurrent reader as all-or-nothing. Revisions that
 * reach the source together (in one watch response) are applied as one swap at the last of them,
 * so there may be fewer swaps than transactions — but never part of one.
 */
describe('EtcdConfigSource with multi-key transactions and a concurrent reader', () => {
  let cluster: EtcdCluster;
  let etcd: Etcd3;
  let prefixCount = 0;
  let prefix: string;
  let moduleRef: TestingModule | undefined;
  let probe: AppliedStateProbe | undefined;
  let source: EtcdConfigSource;
  let service: ConfigCenterService;
  let reader: Reader;
  /** The changed paths of every applied swap. */
  let swaps: string[][];

  /** Boots an app whose one source watches `prefix` through `hosts`, and starts recording its swaps. */
  const boot = async (hosts: string[]) => {
    source = new EtcdConfigSource({ hosts, prefix, reconcileIntervalMs: 0, retry: { initialDelayMs: 20, maxDelayMs: 200 } });
    moduleRef = await Test.createTestingModule({
      imports: [ConfigCenterModule.forRoot({ sources: [source], sections: [TxnConfig] })],
      providers: [Reader],
    }).compile();
    await moduleRef.init();
    service = moduleRef.get(ConfigCenterService);
    reader = moduleRef.get(Reader);
    probe = new AppliedStateProbe(moduleRef.get<ConfigStore>(CONFIG_STORE));
    swaps = [];
    service.changes$.subscribe((change) => swaps.push([...change.changedPaths]));
  };
  /** One transaction that sets `txn/a`, `txn/b` and `txn/c` to `value`; resolves with its revision. */
  const transaction = async (value: number) => {
    const puts = ['a', 'b', 'c'].map((key) => etcd.put(`${prefix}txn/${key}`).value(String(value)));
    const response = await etcd
      .if(`${prefix}txn/a`, 'Version', '>', -1)
      .then(...puts)
      .commit();
    return Number(response.header.revision);
  };
  /** The app serves etcd's state: every swap whole, in order, and no reader saw half of one. */
  const expectWholeTransactions = async (transactions: number) => {
    await probe!.convergedOn(etcd, prefix);
    reader.stop();
    expect(service.get(TxnConfig)).toEqual(Object.assign(new TxnConfig(), { a: transactions, b: transactions, c: transactions }));
    expect(swaps.length).toBeGreaterThan(0);
    expect(swaps.length).toBeLessThanOrEqual(transactions);
    expect(swaps.every((paths) => paths.sort().join() === 'txn.a,txn.b,txn.c')).toBe(true);
    expect(probe!.appliedRevisions).toHaveLength(swaps.length);
    expect(probe!.revisionsOnlyWentUp).toBe(true);
    expect(reader.torn).toBe(0);
  };

  beforeAll(async () => {
    cluster = await EtcdCluster.start();
    etcd = cluster.client();
  }, 30_000);
  beforeEach(() => {
    prefix = `/fault/txn${++prefixCount}/`;
  });
  afterEach(async () => {
    reader?.stop();
    await probe?.close();
    await moduleRef?.close();
  }, 30_000);
  afterAll(() => cluster?.stop(), 30_000);

  it('applies 1,000 transactions whole, in order, so no reader sees half of one', async () => {
    await boot(cluster.endpoints);
    reader.start();
    for (let value = 1; value <= 1000; value++) await transaction(value);
    await expectWholeTransactions(1000);
    expect(reader.reads).toBeGreaterThan(100);
  }, 60_000);

  it('applies transactions that arrive together as one swap at the last, still whole', async () => {
    const proxy = await TcpCutProxy.start(cluster.endpoints[0]);
    try {
      await boot([proxy.endpoint]);
      reader.start();
      await transaction(1);
      await waitFor(() => swaps.length === 1, 'the first transaction', 10_000);
      proxy.cut();
      for (let value = 2; value <= 300; value++) await transaction(value);
      proxy.restore();
      await expectWholeTransactions(300);
      // The watch resumed from the cursor and got the missed revisions together: far fewer swaps.
      expect(swaps.length).toBeLessThanOrEqual(10);
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('still applies each transaction as its own swap when the app is idle between them', async () => {
    await boot(cluster.endpoints);
    const revisions: number[] = [];
    for (let value = 1; value <= 50; value++) {
      const revision = await transaction(value);
      await waitFor(() => source.revision === revision, `revision ${revision} to be applied`, 10_000);
      revisions.push(revision);
    }
    expect(probe!.appliedRevisions).toEqual(revisions);
    expect(swaps).toHaveLength(50);
    expect(service.get(TxnConfig)).toEqual(Object.assign(new TxnConfig(), { a: 50, b: 50, c: 50 }));
  }, 60_000);
});
