import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConsulTestServer } from '@config-center/testing/harness';
import type { Bar, BenchResult, Benchmark, Table } from '../lib/bench-result';
import { median, minimum, percentile } from '../lib/stats';

/** Keys each publish changes. */
const KEYS = 50;
/** Measured runs of each side, after one warm-up run each. */
const RUNS = Number(process.env.CLI_PUBLISH_CONSUL_RUNS ?? 10);
const PREFIX = 'bench/cli-publish-consul/';

/** The built `config-center` bin, found through the package's own manifest. */
const CLI_BIN = join(dirname(require.resolve('@config-center/cli/package.json')), 'dist', 'main.js');

/**
 * The baseline: a plain Node script that writes the same keys in one raw `PUT /v1/txn` (`set` of
 * each key, base64 values) with the global `fetch` — no validation, no read, no compare, no history.
 */
const RAW_TXN_SCRIPT = `
const [url, prefix, run, count] = process.argv.slice(2);
const ops = Array.from({ length: Number(count) }, (_, i) => ({
  KV: { Verb: 'set', Key: prefix + 'bench/k' + String(i).padStart(2, '0'), Value: Buffer.from('raw-' + run + '-' + i).toString('base64') },
}));
fetch(url + '/v1/txn', { method: 'PUT', body: JSON.stringify(ops) }).then(async (response) => {
  if (!response.ok) throw new Error('txn answered ' + response.status + ' ' + (await response.text()));
});
`;

/**
 * Not a bar, the floor under it: a process that only loads the service's sections module (and with
 * it `@config-center/core/sections` and its schema library), which validating with the service's
 * own sections cannot avoid.
 */
const LOAD_SECTIONS_SCRIPT = `
const load = require('node:module').createRequire(process.argv[2]);
load('reflect-metadata');
load(process.argv[2]);
`;

/** The compiled sections module the CLI validates with. */
const SECTIONS = join(__dirname, 'cli-bench-sections.js');

/**
 * Issue 14's bar for Consul: `config-center publish` of 50 changed keys, timed as a whole process
 * (start, load the sections, validate, read the prefix and the counter, one `/v1/txn` with its
 * compares and the history record, exit), against a plain Node script that writes the same 50 keys
 * in one raw `/v1/txn`, also as a whole process; medians of 10 runs each, interleaved, on the
 * harness's Consul test server. Bar: at most 2×.
 */
export const cliPublishConsulBenchmark: Benchmark = {
  name: 'cli-publish-consul',
  async run(): Promise<BenchResult> {
    const server = await ConsulTestServer.start();
    const dir = mkdtempSync(join(tmpdir(), 'config-center-bench-cli-publish-'));
    try {
      writeFileSync(join(dir, 'raw-txn.js'), RAW_TXN_SCRIPT);
      writeFileSync(join(dir, 'load-sections.js'), LOAD_SECTIONS_SCRIPT);
      const cli: number[] = [];
      const raw: number[] = [];
      const floor: number[] = [];
      for (let run = 0; run <= RUNS; run++) {
        const publishMs = await timeCliPublish(server.url, dir, run);
        const rawMs = await timeProcess(['raw-txn.js', server.url, PREFIX, String(run), String(KEYS)], dir);
        const floorMs = await timeProcess(['load-sections.js', SECTIONS], dir);
        if (run === 0) continue; // the warm-up: disk caches, the server's first connections
        cli.push(publishMs);
        raw.push(rawMs);
        floor.push(floorMs);
      }
      const published = server.state.list(PREFIX).entries.filter((entry) => entry.Key.startsWith(`${PREFIX}bench/`)).length;
      return resultOf({ cli, raw, floor }, published);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await server.close();
    }
  },
};

/** One `config-center publish` of 50 keys whose values all change, in ms; throws when it does not exit 0. */
async function timeCliPublish(url: string, dir: string, run: number): Promise<number> {
  const lines = Array.from({ length: KEYS }, (_, i) => `  k${String(i).padStart(2, '0')}: cli-${run}-${i}`);
  writeFileSync(join(dir, 'proposal.yaml'), `bench:\n${lines.join('\n')}\n`);
  const args = [CLI_BIN, '--consul', url, '--prefix', PREFIX, '--sections', SECTIONS, '--author', 'bench'];
  return timeProcess([...args, 'publish', 'proposal.yaml', '-m', `run ${run}`], dir);
}

/** Runs `node <args>` in `dir` and returns its wall time in ms, from spawn to exit; throws on a non-zero exit. */
function timeProcess(args: readonly string[], dir: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...args], { cwd: dir, timeout: 60_000 }, (error, _stdout, stderr) => {
      const elapsed = performance.now() - started;
      if (error) reject(new Error(`node ${args[0]} failed: ${stderr.trim() || error.message}`));
      else resolve(elapsed);
    });
  });
}

/** Wall times in ms of each kind of process. */
interface Timings {
  readonly cli: readonly number[];
  readonly raw: readonly number[];
  readonly floor: readonly number[];
}

function resultOf({ cli, raw, floor }: Timings, published: number): BenchResult {
  const ratio = median(cli) / median(raw);
  const bars: Bar[] = [
    {
      label: `config-center publish of ${KEYS} keys / raw /v1/txn script (process wall time, medians of ${cli.length})`,
      measured: ratio,
      kind: 'max',
      limit: 2,
      unit: '×',
      invalid: published === KEYS ? undefined : `${published} keys under the prefix after the runs, expected ${KEYS}`,
    },
  ];
  const row = (name: string, times: readonly number[]) => [name, median(times), minimum(times), percentile(times, 90)];
  const table: Table = {
    title: `cli-publish-consul: ${KEYS} changed keys in one /v1/txn on the Consul test server, whole processes`,
    columns: ['process', 'median ms', 'min ms', 'p90 ms'],
    rows: [
      row('config-center publish', cli),
      row('raw /v1/txn script', raw),
      row('floor: load the sections module only', floor),
      ['ratio publish / raw (medians)', ratio, '', ''],
      ['ratio (publish − floor) / raw (medians)', (median(cli) - median(floor)) / median(raw), '', ''],
    ],
    notes: [
      'publish: start, load the sections, validate, read the prefix and the counter, one /v1/txn (cas on each key,',
      'cas on the counter, set of the history record), exit; raw: start, one /v1/txn of 50 set operations, exit;',
      "floor: start and require the sections module (core/sections, zod), which the CLI's validation needs.",
      `Runs interleaved, one warm-up each not counted; the server runs in the benchmark's process.`,
    ],
  };
  return { name: 'cli-publish-consul', tables: [table], bars, data: { keys: KEYS, cliMs: cli, rawMs: raw, floorMs: floor, ratio } };
}
