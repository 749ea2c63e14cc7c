import { backendsUnderTest, SETUP_TIMEOUT_MS, type ConfigBackend } from './support/config-backends';
import { DemoHarness } from './support/demo-harness';

const backends = backendsUnderTest();
afterAll(() => backends.stop(), SETUP_TIMEOUT_MS);

describe.each(backends.cases)('demo on %s: the live rate limit of GET /orders', (_kind, createBackend) => {
  let backend: ConfigBackend;
  let demo: DemoHarness;

  beforeEach(async () => {
    backend = await createBackend();
    demo = await DemoHarness.start(backend, { 'rateLimit.limit': 100, 'rateLimit.ttlMs': 60_000 });
  }, SETUP_TIMEOUT_MS);
  afterEach(async () => {
    await demo?.close();
    await backend?.close();
  });

  /** The statuses of `count` requests to GET /orders, one after another. */
  async function orders(count: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) statuses.push((await demo.get('/orders')).status);
    return statuses;
  }

  it('answers 429 to the (N+1)th request right after the limit is lowered to N', async () => {
    expect(await orders(2)).toEqual([200, 200]);
    expect((await demo.get('/orders')).headers.get('x-ratelimit-limit')).toBe('100');
    const status = await demo.change('rateLimit.limit', 5);
    expect(status.version).toBe(2);
    expect(await orders(3)).toEqual([200, 200, 429]);
  }, 15_000);

  it('rejects an invalid limit (-5) and keeps enforcing the old one', async () => {
    await demo.change('rateLimit.limit', 4);
    expect(await orders(2)).toEqual([200, 200]);
    const status = await demo.change('rateLimit.limit', -5);
    const source = status.sources.find((entry) => entry.name.startsWith(backend.sourcePrefix))!;
    expect(source.rejectedUpdates).toBe(1);
    expect(source.lastError?.message).toContain('rateLimit.limit: must not be less than 1');
    expect(status.version).toBe(2);
    expect(await orders(3)).toEqual([200, 200, 429]);
  });
});
