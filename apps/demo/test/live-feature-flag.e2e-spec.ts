import { backendsUnderTest, SETUP_TIMEOUT_MS, type ConfigBackend } from './support/config-backends';
import { DemoHarness } from './support/demo-harness';

const backends = backendsUnderTest();
afterAll(() => backends.stop(), SETUP_TIMEOUT_MS);

describe.each(backends.cases)('demo on %s: the checkout.v2 feature flag', (_kind, createBackend) => {
  let backend: ConfigBackend;
  let demo: DemoHarness;

  beforeEach(async () => {
    backend = await createBackend();
    demo = await DemoHarness.start(backend, { 'features.checkout.v2': true });
  }, SETUP_TIMEOUT_MS);
  afterEach(async () => {
    await demo?.close();
    await backend?.close();
  });

  it('answers 404 on the next request to the flagged route after the flag is turned off, and 200 after it is back on', async () => {
    expect(await demo.get('/checkout/v2')).toMatchObject({ status: 200, body: { flow: 'v2' } });
    await demo.change('features.checkout.v2', false);
    expect(await demo.get('/checkout/v2')).toMatchObject({
      status: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'Cannot GET /checkout/v2' },
    });
    await demo.change('features.checkout.v2', true);
    expect((await demo.get('/checkout/v2')).status).toBe(200);
  }, 15_000);

  it('reads the flag in code, live', async () => {
    expect((await demo.get('/checkout')).body).toEqual({ flow: 'v2' });
    await demo.change('features.checkout.v2', false);
    expect((await demo.get('/checkout')).body).toEqual({ flow: 'v1' });
  });
});
