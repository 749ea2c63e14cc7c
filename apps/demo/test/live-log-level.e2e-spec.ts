import { backendsUnderTest, SETUP_TIMEOUT_MS, type ConfigBackend } from './support/config-backends';
import { DemoHarness } from './support/demo-harness';

const backends = backendsUnderTest();
afterAll(() => backends.stop(), SETUP_TIMEOUT_MS);

describe.each(backends.cases)('demo on %s: live log levels', (_kind, createBackend) => {
  let backend: ConfigBackend;
  let demo: DemoHarness;

  beforeEach(async () => {
    backend = await createBackend();
    demo = await DemoHarness.start(backend, { 'rateLimit.limit': 1000 });
  }, SETUP_TIMEOUT_MS);
  afterEach(async () => {
    await demo?.close();
    await backend?.close();
  });

  /** Calls GET /orders; the OrdersService lines at `level` it logged, as the log shows them. */
  async function ordersLogging(level: 'DEBUG' | 'VERBOSE'): Promise<string[]> {
    const matches = () => demo.logLines('[OrdersService]').filter((line) => line.includes(level));
    const before = matches().length;
    expect((await demo.get('/orders')).status).toBe(200);
    return matches()
      .slice(before)
      .map((line) => line.slice(line.indexOf('[OrdersService]')));
  }

  it('writes debug lines after the level is raised to debug, and stops after it is lowered', async () => {
    expect(await ordersLogging('DEBUG')).toEqual([]);
    await demo.change('logging.level', 'debug');
    expect(await ordersLogging('DEBUG')).toEqual(['[OrdersService] listing 2 orders']);
    await demo.change('logging.level', 'log');
    expect(await ordersLogging('DEBUG')).toEqual([]);
  }, 15_000);

  it('turns one logger context up to verbose while the rest stay at log', async () => {
    await demo.change('logging.contexts.OrdersService', 'verbose');
    expect(await ordersLogging('VERBOSE')).toEqual(['[OrdersService] order ids: 1, 2']);
    expect(await ordersLogging('DEBUG')).toEqual(['[OrdersService] listing 2 orders']);
    await demo.change('logging.contexts.OrdersService', 'warn');
    expect(await ordersLogging('VERBOSE')).toEqual([]);
  }, 15_000);

  it('rejects an unknown level and keeps the last good one', async () => {
    await demo.change('logging.level', 'debug');
    const status = await demo.change('logging.level', 'chatty');
    expect(status.sources.find((source) => source.name.startsWith(backend.sourcePrefix))?.lastError?.message).toContain(
      'logging.level: must be one of the following values: verbose, debug, log, warn, error, fatal',
    );
    expect(await ordersLogging('DEBUG')).toEqual(['[OrdersService] listing 2 orders']);
  }, 15_000);
});
