import { backendsUnderTest, SETUP_TIMEOUT_MS, type ConfigBackend } from './support/config-backends';
import { DemoHarness } from './support/demo-harness';

const backends = backendsUnderTest();
afterAll(() => backends.stop(), SETUP_TIMEOUT_MS);

describe.each(backends.cases)('demo on %s: GET /config/status', (kind, createBackend) => {
  let backend: ConfigBackend;
  let demo: DemoHarness;

  beforeEach(async () => {
    backend = await createBackend();
    demo = await DemoHarness.start(backend, { 'db.password': 'hunter2-do-not-print' });
  }, SETUP_TIMEOUT_MS);
  afterEach(async () => {
    await demo?.close();
    await backend?.close();
  });

  it('shows the version, its hash, each source with its state and revision — never a config value', async () => {
    const before = await demo.status();
    await demo.change('greeting.message', 'Hi from the status test');
    const response = await demo.get('/config/status');
    const status = await demo.status();
    expect(status).toMatchObject({ state: 'ready', version: 2, hash: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(status.hash).not.toBe(before.hash);
    expect((await demo.get('/upstream/stats')).body).toMatchObject({ generation: 1, inFlight: 0 });
    expect(status.sources.map((source) => [source.name.split(':')[0], source.state])).toEqual(
      kind === 'file'
        ? [
            ['file', 'connected'],
            ['env', 'connected'],
          ]
        : [
            ['file', 'connected'],
            ['etcd', 'connected'],
            ['env', 'connected'],
          ],
    );
    expect(status.sources.find((source) => source.name.startsWith(backend.sourcePrefix))?.revision).toMatch(/^[0-9a-f]+$/);
    const text = JSON.stringify(response.body);
    for (const value of ['hunter2', 'Hi from the status test', demo.upstreams.a.url, 'coffee']) expect(text).not.toContain(value);
  }, 15_000);

  it('names the path and the constraint of a rejected change, not the value', async () => {
    const status = await demo.change('rateLimit.limit', 'hunter2-secret');
    const source = status.sources.find((entry) => entry.name.startsWith(backend.sourcePrefix))!;
    expect(source.lastError?.message).toContain('rateLimit.limit: must be an integer number (got a string)');
    expect(JSON.stringify(status)).not.toContain('hunter2');
  });
});
