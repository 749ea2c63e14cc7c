import type { Etcd3 } from 'etcd3';
import { EtcdCluster } from '@config-center/testing/harness';
import { ModelRun } from './support/model-run';
import { NOT_UTF8, step } from './support/model-steps';

const MALFORMED = '{"on": tru';

/**
 * Sequences the model-based fuzz (`etcd-model.fault.spec.ts`) found after the fix of the issue's
 * two: each is the shortest one found, compared with the oracle after every step.
 */
describe('EtcdConfigSource and the store on sequences the model-based fuzz found', () => {
  let cluster: EtcdCluster;
  let etcd: Etcd3;
  let run: ModelRun | undefined;
  let prefixes = 0;
  const start = async () => (run = await ModelRun.start(etcd, cluster.endpoints, `/fault/findings${++prefixes}/`));

  beforeAll(async () => {
    cluster = await EtcdCluster.start();
    etcd = cluster.client();
  }, 30_000);
  afterEach(async () => {
    await run?.close();
    run = undefined;
  }, 30_000);
  afterAll(async () => {
    etcd?.close();
    await cluster?.stop();
  }, 30_000);

  it('delivers a held-back revision’s readable change of a key that a later held-back revision made unreadable', async () => {
    const app = await start();
    expect(await app.run(step({ key: 'misc/b/c', value: '2' }, { key: 'feat.json', value: MALFORMED }))).toBe('held-back');
    expect(await app.run(step({ key: 'misc/b/c', value: NOT_UTF8 }))).toBe('held-back');
    expect(await app.run(step({ key: 'rate/limit', value: '6' }))).toBe('applied');
    expect(app.appliedTree).toMatchObject({ rate: { limit: '6' }, misc: { b: { c: '2' } } });
  }, 30_000);

  it('delivers the delete of a key that overlays a document held back on its last good value', async () => {
    const app = await start();
    expect(await app.run(step({ key: 'feat/level', value: '3' }))).toBe('applied');
    expect(await app.run(step({ key: 'feat.json', value: MALFORMED }))).toBe('held-back');
    expect(await app.run(step({ key: 'feat/level', value: undefined }))).toBe('applied');
    expect(app.appliedTree).toMatchObject({ feat: { on: true, level: 1 } });
  }, 30_000);

  it('rejects a bare value at a section path even when a pending path of a rejected batch lies under it', async () => {
    const app = await start();
    expect(await app.run(step({ key: 'misc', value: undefined }))).toBe('applied');
    expect(await app.run(step({ key: 'rate/limit', value: '-1' }, { key: 'misc/a', value: '1' }))).toBe('rejected');
    const bare = step({ key: 'misc/a', value: undefined }, { key: 'misc/b/c', value: undefined }, { key: 'misc', value: 'y' });
    expect(await app.run(bare)).toBe('rejected');
    expect(app.appliedTree).toMatchObject({ misc: { b: { c: '1' } } });
  }, 30_000);

  it('keeps what a rejected batch carried until its own section is released, though a later rejected batch rewrote another key of that section', async () => {
    const app = await start();
    expect(await app.run(step({ key: 'feat/level', value: '2' }))).toBe('applied');
    expect(await app.run(step({ key: 'feat/level', value: '-1' }, { key: 'misc/a', value: '1' }))).toBe('rejected');
    expect(await app.run(step({ key: 'rate/limit', value: '-1' }, { key: 'feat.json', value: '{"on":false,"level":1}' }))).toBe('rejected');
    expect(await app.run(step({ key: 'rate/limit', value: '6' }))).toBe('applied');
    expect(app.appliedTree).toEqual(expect.objectContaining({ misc: { b: { c: '1' } } }));
  }, 30_000);
});
