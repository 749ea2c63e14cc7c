import { IsInt, Min } from 'class-validator';
import { ConfigSection, type ConfigErrorEvent } from '@config-center/core';
import { ConfigStore } from '@config-center/core/source-kit';
import { EtcdConfigSource } from '@config-center/etcd';
import { EtcdCluster, waitFor } from '@config-center/testing/harness';

@ConfigSection('rateLimit')
class RateLimitConfig {
  @IsInt() @Min(1) limit = 100;
}

describe('EtcdConfigSource given hostile keys', () => {
  let cluster: EtcdCluster;
  const prefix = '/hostile/app/';

  beforeAll(async () => {
    cluster = await EtcdCluster.start();
  }, 60_000);
  afterAll(() => cluster?.stop());

  async function started() {
    const store = new ConfigStore({
      sources: [new EtcdConfigSource({ hosts: cluster.endpoints, prefix, reconcileIntervalMs: 0 })],
      sections: [RateLimitConfig],
    });
    const errors: ConfigErrorEvent[] = [];
    store.errors$.subscribe((event) => errors.push(event));
    await store.load();
    store.startWatching();
    return { store, errors };
  }

  it('leaves out a key of 100,000 segments and one of 40, keeps every other key live, and starts again with them', async () => {
    const etcd = cluster.client();
    await etcd.put(`${prefix}rateLimit/limit`).value('5');
    const first = await started();
    await etcd.put(`${prefix}${Array.from({ length: 100_000 }, () => 'x').join('/')}`).value('1');
    await etcd.put(`${prefix}${Array.from({ length: 40 }, () => 'y').join('/')}`).value('1');
    await etcd.put(`${prefix}rateLimit/limit`).value('7');
    const limit = () => (first.store.current.tree.rateLimit as { limit?: string } | undefined)?.limit;
    await waitFor(() => limit() === '7', 'the valid change after the hostile keys', 10_000);
    expect(first.errors.map((e) => e.message).join('\n')).toMatch(/more than 32 segments|depth limit/);
    await first.store.close();

    const next = await started();
    expect(next.store.current.tree).toEqual({ rateLimit: { limit: '7' } });
    expect(next.store.status()).toMatchObject({ state: 'ready', sources: [{ state: 'connected' }] });
    expect(next.errors.length).toBeGreaterThanOrEqual(1);
    await next.store.close();
  }, 60_000);

  it('names keys that are not UTF-8 in hex, never merges two of them, and reports a value that is not UTF-8', async () => {
    const etcd = cluster.client();
    const bytes = (...tail: number[]) => Buffer.concat([Buffer.from(`${prefix}flags/x`), Buffer.from(tail)]);
    await etcd.put(`${prefix}rateLimit/limit`).value('5');
    await etcd.put(bytes(0xff)).value('1');
    await etcd.put(bytes(0xfe)).value('2');
    await etcd.put(`${prefix}flags/binary`).value(Buffer.from([0x6f, 0x6b, 0xc3]));
    const first = await started();
    expect(first.store.current.tree).toEqual({ rateLimit: { limit: '5' } });
    const reported = first.errors.map((e) => e.message).join('\n');
    expect(reported).toMatch(/not valid UTF-8/);
    expect(reported).not.toContain('\uFFFD');

    await etcd.delete().key(bytes(0xff));
    await etcd.put(`${prefix}flags/binary`).value('ok');
    await etcd.put(`${prefix}rateLimit/limit`).value('8');
    await waitFor(() => (first.store.current.tree.rateLimit as { limit?: string } | undefined)?.limit === '8', 'the later change', 10_000);
    expect(first.store.current.tree).toEqual({ rateLimit: { limit: '8' }, flags: { binary: 'ok' } });
    await first.store.close();
  }, 60_000);
});
