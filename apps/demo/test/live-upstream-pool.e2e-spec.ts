import { waitFor } from '@config-center/testing/harness';
import type { LiveResourceStats } from '@config-center/live';
import { backendsUnderTest, SETUP_TIMEOUT_MS, type ConfigBackend } from './support/config-backends';
import { DemoHarness } from './support/demo-harness';
import { startStandInUpstream } from '../src/stand-in-upstreams';

const backends = backendsUnderTest();
afterAll(() => backends.stop(), SETUP_TIMEOUT_MS);

describe.each(backends.cases)('demo on %s: the HTTP client pool of GET /upstream, rebuilt from upstream.*', (_kind, createBackend) => {
  let backend: ConfigBackend;
  let demo: DemoHarness;

  beforeEach(async () => {
    backend = await createBackend();
    demo = await DemoHarness.start(backend);
  }, SETUP_TIMEOUT_MS);
  afterEach(async () => {
    await demo?.close();
    await backend?.close();
  });

  const call = async () => (await demo.get<{ generation: number; answer: { upstream: string } }>('/upstream')).body;

  it('moves to the new upstream with a new pool and closes the old one', async () => {
    expect(await call()).toEqual({ generation: 1, answer: { upstream: 'a', path: '/hello' } });
    await demo.change('upstream.url', demo.upstreams.b.url);
    await waitFor(async () => (await demo.get<LiveResourceStats>('/upstream/stats')).body.generation === 2, 'the new pool');
    expect(await call()).toEqual({ generation: 2, answer: { upstream: 'b', path: '/hello' } });
    expect((await demo.get<LiveResourceStats>('/upstream/stats')).body).toEqual({
      generation: 2,
      inFlight: 0,
      draining: 0,
      rebuilds: 1,
      failedBuilds: 0,
    });
  }, 15_000);

  it('keeps the old pool when the new upstream does not answer', async () => {
    const gone = await startStandInUpstream('gone');
    await gone.close();
    await demo.change('upstream.url', gone.url);
    await waitFor(async () => (await demo.get<LiveResourceStats>('/upstream/stats')).body.failedBuilds === 1, 'the failed build');
    expect((await demo.get<LiveResourceStats>('/upstream/stats')).body).toMatchObject({ generation: 1, failedBuilds: 1 });
    expect(await call()).toEqual({ generation: 1, answer: { upstream: 'a', path: '/hello' } });
    expect(demo.logLines('could not be rebuilt').map((line) => line.slice(line.indexOf('[ConfigCenter]')))).toEqual([
      `[ConfigCenter] Resource 'upstream' could not be rebuilt; the previous one stays in use: upstream ${gone.url} does not answer (connect ECONNREFUSED ${gone.url.slice(7)})`,
    ]);
  });
});
