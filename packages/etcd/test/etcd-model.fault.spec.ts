import type { Etcd3 } from 'etcd3';
import { EtcdCluster } from '@config-center/testing/harness';
import { ModelRun } from './support/model-run';
import { NOT_UTF8, randomStep, repairStep, step } from './support/model-steps';
import { fuzzSeeds, SeededRandom } from './support/seeded-random';

const STEPS = Number(process.env.FUZZ_STEPS ?? 40);

/**
 * Model-based fuzz of the etcd source and the store against real etcd: seeded random steps (valid
 * and invalid values, deletes, transactions, overlapping keys, a `.json` document, bytes that are
 * not UTF-8, a malformed document), each compared with an independent oracle of guarantee 2 (per
 * section quarantine, rejected batches' keys applied once it lifts) and the held-back revisions of
 * docs/key-mapping.md ("On etcd"). A failure names its seed: run it again with `FUZZ_SEED=<seed>` (and
 * `FUZZ_STEPS=<n>`).
 */
describe('EtcdConfigSource and the store against a model of them', () => {
  let cluster: EtcdCluster;
  let etcd: Etcd3;
  let run: ModelRun | undefined;
  let prefixes = 0;
  const start = async () => (run = await ModelRun.start(etcd, cluster.endpoints, `/fault/model${++prefixes}/`));

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

  it('applies what a rejected batch carried once a later batch releases its section, after a second rejection rewrote it', async () => {
    const app = await start();
    expect(await app.run(step({ key: 'rate/limit', value: '-1' }, { key: 'misc/a', value: '1' }))).toBe('rejected');
    expect(await app.run(step({ key: 'rate/limit', value: '-2' }))).toBe('rejected');
    expect(await app.run(step({ key: 'rate/limit', value: '6' }))).toBe('applied');
    expect(app.appliedTree).toMatchObject({ rate: { limit: '6' }, misc: { a: '1' } });
  }, 30_000);

  it('keeps the last good value of an unreadable key when a later change rebuilds the subtree around it', async () => {
    const app = await start();
    expect(await app.run(step({ key: 'misc/b/c', value: NOT_UTF8 }))).toBe('held-back');
    expect(await app.run(step({ key: 'misc/a', value: '2' }))).toBe('applied');
    expect(app.appliedTree).toMatchObject({ misc: { a: '2', b: { c: '1' } } });
    run = (await app.restarted()) ?? app;
    expect(run).not.toBe(app);
    expect(run.appliedTree.misc).toEqual({ a: '2' });
  }, 30_000);

  it.each(fuzzSeeds([1, 2, 3]))(
    'converges on the oracle through random steps (FUZZ_SEED=%i)',
    async (seed) => {
      const random = new SeededRandom(seed);
      const app = await start();
      const steps = [...Array.from({ length: STEPS }, () => randomStep(random)), repairStep()];
      for (const [i, next] of steps.entries()) {
        try {
          await app.run(next);
        } catch (error) {
          (error as Error).message = `FUZZ_SEED=${seed}, step ${i + 1} of ${steps.length}: ${(error as Error).message}`;
          throw error;
        }
      }
      run = (await app.restarted()) ?? app;
      expect(run).not.toBe(app);
    },
    60_000,
  );
});
