import { backendsUnderTest, SETUP_TIMEOUT_MS, type ConfigBackend } from './support/config-backends';
import { DemoHarness } from './support/demo-harness';

const backends = backendsUnderTest();
afterAll(() => backends.stop(), SETUP_TIMEOUT_MS);

describe.each(backends.cases)('demo on %s: GET /greeting/routed split by routes.greeting', (_kind, createBackend) => {
  let backend: ConfigBackend;
  let demo: DemoHarness;

  beforeEach(async () => {
    backend = await createBackend();
    demo = await DemoHarness.start(backend, { 'routes.greeting': { v1: 80, v2: 20 } });
  }, SETUP_TIMEOUT_MS);
  afterEach(async () => {
    await demo?.close();
    await backend?.close();
  });

  /** `count` routed calls, 10 at a time: how many each implementation answered. */
  async function routed(count: number): Promise<Record<string, number>> {
    const served: Record<string, number> = {};
    let sent = 0;
    const lane = async () => {
      while (sent++ < count) {
        const { body } = await demo.get<{ implementation: string }>('/greeting/routed');
        served[body.implementation] = (served[body.implementation] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: 10 }, lane));
    return served;
  }

  it('follows the weights over 1,000 calls (tolerance: ±1 call per implementation), and sends all to v2 once v1 is 0', async () => {
    const split = await routed(1000);
    expect(split.v1 + split.v2).toBe(1000);
    expect(Math.abs(split.v1 - 800)).toBeLessThanOrEqual(1);
    expect(Math.abs(split.v2 - 200)).toBeLessThanOrEqual(1);
    await demo.change('routes.greeting.v1', 0);
    expect(await routed(1000)).toEqual({ v2: 1000 });
  }, 60_000);

  it('rejects weights that name an unknown implementation, and keeps the last good ones', async () => {
    const status = await demo.change('routes.greeting.v3', 50);
    expect(status.sources.find((source) => source.name.startsWith(backend.sourcePrefix))?.lastError?.message).toContain(
      "routes.greeting: names 'v3', which is not one of v1, v2",
    );
    expect(await routed(100)).toEqual({ v1: 80, v2: 20 });
  });
});
