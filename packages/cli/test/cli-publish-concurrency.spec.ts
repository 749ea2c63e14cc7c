import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, SECTIONS } from './support/run-cli';
import { BACKEND_HOOK_TIMEOUT_MS, TEST_BACKENDS, type CliTestBackend } from './support/test-backends';

/** 20 `config-center publish` processes on the same base, on etcd and on Consul: compare-and-swap, no interleaving. */
describe.each(TEST_BACKENDS)('config-center publish, concurrently, on %s', (_name, start) => {
  const prefix = '/cli-race/orders/';
  const control = '/config-center/control/cli-race/orders/';
  const publishers = 20;
  let backend: CliTestBackend;
  let dir: string;

  /** Publisher i's proposal, as the keys it holds: each differs in values and in its set of keys. */
  const proposalOf = (i: number): Record<string, string> => ({
    'greeting/message': `from-${i}`,
    'rateLimit/limit': String(i + 1),
    ...(i % 2 === 0 && { [`rateLimit/ttlMs`]: String(1000 + i) }),
  });
  const yamlOf = (keys: Record<string, string>) =>
    `greeting:\n  message: ${keys['greeting/message']}\nrateLimit:\n  limit: ${keys['rateLimit/limit']}\n` +
    (keys['rateLimit/ttlMs'] ? `  ttlMs: ${keys['rateLimit/ttlMs']}\n` : '');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-race-'));
    backend = await start({ cleanup: [prefix, control] });
    await backend.put(`${prefix}rateLimit/limit`, '5');
    await backend.put(`${prefix}old/key`, 'pruned');
    for (let i = 0; i < publishers; i++) writeFileSync(join(dir, `p${i}.yaml`), yamlOf(proposalOf(i)));
  }, BACKEND_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, BACKEND_HOOK_TIMEOUT_MS);

  // 20 Node processes start at once: about 25 s on a loaded 2-core machine, hence the longer timeout.
  it('lets each winner write exactly one version; losers exit 1 with a conflict and write nothing', async () => {
    const runs = await Promise.all(
      Array.from({ length: publishers }, (_, i) =>
        runCli(
          ['--sections', SECTIONS, ...backend.flags, '--prefix', prefix, 'publish', `p${i}.yaml`, '-m', `p${i}`, '--prune', '--json'],
          {
            cwd: dir,
          },
        ),
      ),
    );
    const winners = runs.flatMap((run, i) => (run.code === 0 ? [i] : []));
    for (const run of runs.filter((r) => r.code !== 0)) {
      expect(run).toMatchObject({ code: 1, stderr: expect.stringContaining(`conflict: ${backend.describe(prefix)} changed`) });
    }
    expect(winners.length).toBeGreaterThanOrEqual(1);

    const history = Object.entries(await backend.entries(`${control}history/`))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, text]) => JSON.parse(text) as { version: number; message: string; content: Record<string, string> });
    expect(history.map((record) => record.version)).toEqual(winners.map((_, n) => n + 1));
    expect(history.map((record) => record.message).sort()).toEqual(winners.map((i) => `p${i}`).sort());
    for (const record of history) expect(record.content).toEqual(proposalOf(Number(record.message.slice(1))));
    for (const i of winners) expect(JSON.parse(runs[i].stdout).version).toBe(history.find((r) => r.message === `p${i}`)!.version);

    const last = history[history.length - 1];
    expect(await backend.entries(prefix)).toEqual(last.content);
    expect(await backend.get(`${control}version`)).toBe(String(winners.length));
  }, 120_000);
});
