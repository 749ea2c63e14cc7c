import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '@config-center/testing/harness';
import { DemoProcess } from './support/demo-process';

const COMMITTED_CONFIG = join(__dirname, '..', 'config', 'app.yaml');

describe('the demo, started as a process', () => {
  let dir: string;
  let config: string;
  let env: Record<string, string>;
  let demo: DemoProcess | undefined;
  let blocker: Server | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'config-center-demo-start-'));
    config = join(dir, 'app.yaml');
    const [port, a, b] = [await freePort(), await freePort(), await freePort()];
    // The stand-in upstreams on ports of their own, and the config pointing at them.
    const committed = await readFile(COMMITTED_CONFIG, 'utf8');
    await writeFile(config, committed.replaceAll(':3001', `:${a}`).replaceAll(':3002', `:${b}`));
    env = { CONFIG_PATH: config, PORT: String(port), UPSTREAM_A_PORT: String(a), UPSTREAM_B_PORT: String(b) };
  });
  afterEach(async () => {
    await demo?.stop();
    await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
    demo = blocker = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('says why it cannot start when its port is taken, exits 1, and leaves no temp file behind', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(Number(env.PORT), '127.0.0.1', resolve));
    demo = new DemoProcess(dir, env);
    expect(await demo.exited(15_000)).toBe(1);
    expect(demo.output).toMatch(
      new RegExp(`The demo could not start: listen EADDRINUSE: address already in use 127\\.0\\.0\\.1:${env.PORT}`),
    );
    expect(await readdir(join(dir, '.config-center'))).toEqual(['demo-last-good.json']);
  }, 20_000);

  it('says which path is invalid and why when its config is invalid and there is no cache', async () => {
    await writeFile(config, (await readFile(config, 'utf8')).replace('limit: 5', 'limit: five'));
    demo = new DemoProcess(dir, env);
    expect(await demo.exited(15_000)).toBe(1);
    expect(demo.output).toContain(
      `The demo could not start: Config source 'file:${config}' · rateLimit.limit: must be an integer number (got a string)`,
    );
    expect(demo.output).not.toContain('five');
  }, 20_000);

  it.each([
    ['zone', `INSTANCE_LABELS: "zone" is not name=value (write zone=a,tier=web)`],
    ['zone=a,,tier=web', `INSTANCE_LABELS: "" is not name=value (write zone=a,tier=web)`],
    ['zone=a,zone=b', `INSTANCE_LABELS: label "zone" is given twice`],
    [
      'zone=eu west',
      `Instance report: the value of label "zone" is not allowed: use a string of at most 63 letters, digits, '.', '_' or '-'`,
    ],
    ['_zone=a', `Instance report: label name "_zone" is not allowed`],
  ])(
    'refuses to start with INSTANCE_LABELS=%s, saying which label and why',
    async (labels, problem) => {
      // Nothing listens on port 1: the labels are refused before etcd is asked anything.
      demo = new DemoProcess(dir, { ...env, ETCD_ENDPOINTS: '127.0.0.1:1', INSTANCE_ID: 'demo-x', INSTANCE_LABELS: labels });
      expect(await demo.exited(15_000)).toBe(1);
      expect(demo.output).toContain(`The demo could not start: ${problem}`);
    },
    20_000,
  );

  it('refuses an instance report without etcd, where the record would live', async () => {
    demo = new DemoProcess(dir, { ...env, INSTANCE_ID: 'demo-x' });
    expect(await demo.exited(15_000)).toBe(1);
    expect(demo.output).toContain(
      'The demo could not start: INSTANCE_ID and INSTANCE_LABELS ask for an instance report in etcd: set ETCD_ENDPOINTS too',
    );
  }, 20_000);

  it('says ready, or degraded and why, in one line at startup', async () => {
    demo = new DemoProcess(dir, env);
    await waitFor(() => /Demo on http/.test(demo!.output), 'the demo to listen', 15_000);
    expect(demo.output).toContain(`Config ready: version 1 from file:${config}, env:DEMO__`);
    await demo.stop();

    await writeFile(config, 'rateLimit: [oops\n');
    demo = new DemoProcess(dir, env);
    await waitFor(() => /Demo on http/.test(demo!.output), 'the demo to listen on its cache', 15_000);
    expect(demo.output).toMatch(
      new RegExp(`Config degraded: version 1 from .*; source 'file:${config}' is cached \\(.*YAML syntax error at line 2, column 1`),
    );
  }, 40_000);
});
