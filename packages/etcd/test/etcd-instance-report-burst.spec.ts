import { ConfigCenterService, MemoryConfigSource } from '@config-center/core';
import { EtcdCluster, sleep, waitFor } from '@config-center/testing/harness';
import type { TestingModule } from '@nestjs/testing';
import type { Etcd3 } from 'etcd3';
import { rawRecord, recordHistory, reportsOf, startReportingApp } from './support/reporting-module';

/** Instance reports under a burst of swaps: coalesced writes, the last state always written. */
describe('EtcdConfigSource instance reports under a burst', () => {
  const prefix = '/reports/burst/';
  let cluster: EtcdCluster | undefined;
  let app: TestingModule | undefined;

  afterEach(async () => {
    await app?.close();
    await cluster?.stop();
  }, 30_000);

  it('writes a burst of 1,000 swaps over 2 s or more in a handful of writes, ending on the last version, then nothing late', async () => {
    cluster = await EtcdCluster.start();
    const etcd: Etcd3 = cluster.client();
    let memory: MemoryConfigSource | undefined;
    const more = () => [(memory = new MemoryConfigSource({ burst: { n: -1 } }))];
    app = await startReportingApp({ hosts: cluster.endpoints, prefix, report: { instanceId: 'burst-1', ttlSeconds: 5 }, more });
    const service = app.get(ConfigCenterService);
    await waitFor(async () => (await reportsOf(etcd, prefix)).has('burst-1'), 'the first record', 10_000);
    let swaps = 0;
    const counting = service.changes$.subscribe(() => swaps++);

    const started = Date.now();
    for (let i = 0; i < 1000; i++) {
      memory!.set('burst.n', i);
      if (i % 10 === 9) await sleep(20);
    }
    const burstMs = Date.now() - started;
    counting.unsubscribe();
    const last = service.status().version;
    await waitFor(async () => (await reportsOf(etcd, prefix)).get('burst-1')?.version === last, 'the last version in the record', 10_000);
    const record = await rawRecord(etcd, prefix, 'burst-1');
    expect(swaps).toBe(1000);
    expect(JSON.parse(record!.text).version).toBe(last);
    // One write at startup, then at most one per 500 ms of the burst and one trailing write. The
    // writer spaces its writes by the same clock burstMs is read from: a slow machine makes the
    // burst longer, never the writes more frequent, so this bound holds however loaded it is.
    expect(record!.writes).toBeLessThanOrEqual(Math.ceil(burstMs / 500) + 3);

    // A late write of the burst would land before the next change's write, which arrives.
    memory!.set('burst.n', 1000);
    await waitFor(
      async () => (await reportsOf(etcd, prefix)).get('burst-1')?.version === last + 1,
      'the marker change in the record',
      10_000,
    );
    expect((await rawRecord(etcd, prefix, 'burst-1'))!.writes).toBe(record!.writes + 1);
    const history = await recordHistory(etcd, prefix, 'burst-1');
    expect(history.filter((text, i) => i > 0 && text === history[i - 1])).toEqual([]);
  }, 60_000);
});
