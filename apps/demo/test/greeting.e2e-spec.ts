import { FileBackend, SETUP_TIMEOUT_MS } from './support/config-backends';
import { DemoHarness } from './support/demo-harness';

describe('demo: live config over HTTP', () => {
  let backend: FileBackend;
  let demo: DemoHarness;

  beforeEach(async () => {
    backend = await FileBackend.create();
    demo = await DemoHarness.start(backend);
  }, SETUP_TIMEOUT_MS);
  afterEach(async () => {
    await demo?.close();
    await backend?.close();
  });

  const greeting = async () => (await demo.get<{ message: string; limit: number }>('/greeting')).body;

  it('serves the file config and follows an edit of the file without a restart', async () => {
    expect(await greeting()).toEqual({ message: 'Hello from config-center!', limit: 5 });
    await demo.change('greeting.shout', true);
    await demo.change('rateLimit.limit', 9);
    expect(await greeting()).toEqual({ message: 'HELLO FROM CONFIG-CENTER!', limit: 9 });
  });

  it('rejects an invalid edit, keeps serving the last good config, and reports it in status', async () => {
    const after = await demo.change('rateLimit.limit', -5);
    expect(after.sources[0].rejectedUpdates).toBe(1);
    expect(after.sources[0].lastError?.message).toContain('rateLimit.limit: must not be less than 1');
    expect(after.version).toBe(1);
    expect(await greeting()).toEqual({ message: 'Hello from config-center!', limit: 5 });
  });
});
