import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigCenterModule, ConfigCenterService, type ConfigErrorEvent, type InputLimits } from '@config-center/core';
import { EtcdConfigSource } from '@config-center/etcd';
import type { Etcd3 } from 'etcd3';
import { EtcdCluster, waitFor } from '@config-center/testing/harness';

/**
 * The module's input limits are stricter than what the etcd source maps with (it cannot know
 * them): what the core refuses for them must be left out or kept pending, never lost while the
 * source's cursor moves on.
 */
describe('EtcdConfigSource under module input limits', () => {
  let cluster: EtcdCluster;
  let etcd: Etcd3;
  let moduleRef: TestingModule | undefined;
  const errors: ConfigErrorEvent[] = [];

  beforeAll(async () => {
    cluster = await EtcdCluster.start();
    etcd = cluster.client();
  }, 30_000);
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    errors.length = 0;
  }, 30_000);
  afterAll(async () => {
    etcd?.close();
    await cluster?.stop();
  }, 30_000);

  async function start(prefix: string, limits: InputLimits): Promise<{ service: ConfigCenterService; source: EtcdConfigSource }> {
    const source = new EtcdConfigSource({ hosts: cluster.endpoints, prefix, reconcileIntervalMs: 300 });
    moduleRef = await Test.createTestingModule({
      imports: [ConfigCenterModule.forRoot({ sources: [source], limits, failFast: false })],
    }).compile();
    await moduleRef.init();
    const service = moduleRef.get(ConfigCenterService);
    service.errors$.subscribe((event) => errors.push(event));
    return { service, source };
  }

  it('keeps a document subtree rebuilt over maxDocumentLength pending, reports it, and applies it once it fits', async () => {
    const prefix = '/limits/document/';
    await etcd.put(`${prefix}a.json`).value('{}');
    await etcd.put(`${prefix}a/k1`).value('x'.repeat(600));
    await etcd.put(`${prefix}a/k2`).value('y'.repeat(600));
    const { service, source } = await start(prefix, { maxDocumentLength: 1000 });
    expect((service.get('a.k1') as string).length).toBe(600);

    await etcd.put(`${prefix}a/k3`).value('3');
    await waitFor(() => errors.some((e) => e.kind === 'parse'), 'the refused batch to be reported', 10_000);
    expect(errors[0]).toMatchObject({ source: source.name, details: { location: 'a' } });
    expect(errors[0].message).toMatch(/the limit is 1000/);
    expect(service.get('a.k3', 'missing')).toBe('missing');

    // A later, unrelated write applies, and the source still shows what it holds back.
    const later = Number((await etcd.put(`${prefix}b`).value('1')).header.revision);
    await waitFor(() => service.status().sources[0].revision === String(later), 'the later write', 10_000);
    expect(service.status().sources[0].lastError?.message).toMatch(/cannot read 'a': batch holds \d+ characters/);

    await etcd.put(`${prefix}a/k1`).value('small');
    await waitFor(() => service.get<unknown>('a.k3', 'missing') === 3, 'the subtree to apply once it fits', 10_000);
    expect(service.get('a.k1')).toBe('small');
    expect(service.status().sources[0].lastError).toBeUndefined();
  }, 40_000);

  it('starts with every other key when one key is deeper than maxDepth, naming the source and key', async () => {
    const prefix = '/limits/depth/';
    await etcd.put(`${prefix}x`).value('1');
    await etcd.put(`${prefix}a/b/c/d/e/f`).value('1');
    const { service, source } = await start(prefix, { maxDepth: 4 });
    expect(service.get('x', 'missing')).toBe(1);
    const { lastError, state } = service.status().sources[0];
    expect(state).toBe('connected');
    expect(lastError?.message).toMatch(new RegExp(`'${source.name}'.*'a\\.b\\.c\\.d'.*deeper than the limit of 4`));

    await etcd.put(`${prefix}y`).value('2');
    await waitFor(() => service.get('y', undefined) === 2, 'y', 10_000);
    expect(service.get('x', 'missing')).toBe(1);
  }, 40_000);
});
