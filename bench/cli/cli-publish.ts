import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import type { Bar, BenchResult, Benchmark } from '../lib/bench-result';
import { loadEtcdHarness } from '../lib/etcd-harness';
import { elapsedNs, median, now, percentile } from '../lib/stats';

const ROUNDS = Number(process.env.BENCH_CLI_PUBLISH_ROUNDS ?? 10);
const WARMUP_ROUNDS = 2;
const SECTIONS = 10;
const KEYS_PER_SECTION = 10;
const KEYS = SECTIONS * KEYS_PER_SECTION;
/** The two proposals alternate between these value offsets, so every run changes all 100 keys. */
const OFFSETS = [0, 1000] as const;
const KINDS = ['baseline', 'floor', 'cli'] as const;
type Kind = (typeof KINDS)[number];
/** Each kind writes under its own prefix, so each of its runs changes all 100 keys. */
const PREFIXES: Record<Kind, string> = {
  baseline: '/bench/cli-publish/baseline/',
  floor: '/bench/cli-publish/floor/',
  cli: '/bench/cli-publish/cli/',
};

/** The built bin, as `packages/cli/test/support/run-cli.ts` runs it. */
const CLI_BIN = join(__dirname, '..', '..', '..', 'packages', 'cli', 'dist', 'main.js');
const SECTIONS_MODULE = join(__dirname, 'cli-publish.sections.js');
const BASELINE_SCRIPT = join(__dirname, 'cli-publish.baseline.js');

/**
 * `cli-publish` (issue 14): `config-center publish` of 100 changed keys (10 sections of 10, under
 * etcd's default 128 operations per transaction), as a whole process — start, read the proposal,
 * validate it with the sections module, read the live keys and the counter, commit the
 * compare-and-swap transaction with its history record, exit — against a plain Node process that
 * writes the same 100 keys in one raw etcd3 transaction. Bar: CLI median ≤ 2× baseline median.
 * Each kind has its own prefix and alternates between two proposals, so every run really changes
 * 100 keys; each run is checked (the CLI's diff, the values in etcd) outside the clock.
 */
export const cliPublishBenchmark: Benchmark = {
  name: 'cli-publish',
  async run(): Promise<BenchResult> {
    const cluster = await loadEtcdHarness().EtcdCluster.start();
    const endpoint = cluster.endpoints[0];
    const reader = new Etcd3({ hosts: endpoint });
    const dir = mkdtempSync(join(tmpdir(), 'config-center-cli-publish-'));
    const proposals = OFFSETS.map((offset) => writeProposal(dir, offset));
    const samples: Record<Kind, number[]> = { baseline: [], floor: [], cli: [] };
    try {
      for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
        const offset = OFFSETS[round % 2];
        const order = round % 2 === 0 ? KINDS : [...KINDS].reverse();
        for (const kind of order) {
          const ms = kind === 'cli' ? await publishWithCli(endpoint, proposals[round % 2]) : await publishRaw(endpoint, offset, kind);
          await expectValues(reader, PREFIXES[kind], offset);
          if (round >= WARMUP_ROUNDS) samples[kind].push(ms);
        }
      }
    } finally {
      reader.close();
      rmSync(dir, { recursive: true, force: true });
      await cluster.stop();
    }
    return cliPublishResult(samples);
  },
};

/** `s<i>/k<j>` = `offset + 10·i + j`: the value every key holds after a publish at `offset`. */
function valueOf(offset: number, section: number, key: number): number {
  return offset + section * KEYS_PER_SECTION + key;
}

function writeProposal(dir: string, offset: number): string {
  const lines: string[] = [];
  for (let section = 0; section < SECTIONS; section++) {
    lines.push(`s${section}:`);
    for (let key = 0; key < KEYS_PER_SECTION; key++) lines.push(`  k${key}: ${valueOf(offset, section, key)}`);
  }
  const path = join(dir, `proposal-${offset}.yaml`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** One `config-center publish --json` process; its wall time, after checking it changed every key. */
async function publishWithCli(endpoint: string, proposal: string): Promise<number> {
  const args = [CLI_BIN, '--etcd', endpoint, '--prefix', PREFIXES.cli, '--sections', SECTIONS_MODULE, '--author', 'bench', '--json'];
  const { ms, stdout } = await timedProcess([...args, 'publish', proposal, '-m', 'bench']);
  const { diff } = JSON.parse(stdout) as { diff: { changes: { kind: string }[] } };
  const changed = diff.changes.filter((change) => change.kind !== 'removed').length;
  if (changed !== KEYS) throw new Error(`the CLI publish changed ${changed} keys, expected ${KEYS}`);
  return ms;
}

/** One baseline process writing the same keys in one raw transaction (the floor: after loading the sections module); its wall time. */
async function publishRaw(endpoint: string, offset: number, kind: 'baseline' | 'floor'): Promise<number> {
  const args = [BASELINE_SCRIPT, endpoint, PREFIXES[kind], String(offset)];
  return (await timedProcess(kind === 'floor' ? [...args, SECTIONS_MODULE] : args)).ms;
}

/** Runs `node ARGS` from spawn to exit; rejects with its stderr when it fails. */
function timedProcess(args: readonly string[]): Promise<{ ms: number; stdout: string }> {
  const started = now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env: withoutCliSettings(), timeout: 60_000 }, (error, stdout, stderr) => {
      const ms = elapsedNs(started) / 1e6;
      if (error) reject(new Error(`${args[0]} failed (${error.code}): ${stderr.trim()}`));
      else resolve({ ms, stdout });
    });
  });
}

/** The environment without `CONFIG_CENTER_*`, so only the flags configure the CLI. */
function withoutCliSettings(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('CONFIG_CENTER_')));
}

/** Checks, off the clock, that every key under `prefix` holds the value of the publish at `offset`. */
async function expectValues(reader: Etcd3, prefix: string, offset: number): Promise<void> {
  const values = await reader.getAll().prefix(prefix).strings();
  for (let section = 0; section < SECTIONS; section++) {
    for (let key = 0; key < KEYS_PER_SECTION; key++) {
      const name = `${prefix}s${section}/k${key}`;
      if (values[name] !== String(valueOf(offset, section, key))) throw new Error(`${name} does not hold the published value`);
    }
  }
}

function cliPublishResult(samples: Record<Kind, number[]>): BenchResult {
  const ratio = median(samples.cli) / median(samples.baseline);
  const floorRatio = median(samples.floor) / median(samples.baseline);
  const bar: Bar = {
    label: 'publish of 100 keys, CLI process / raw txn process (medians)',
    measured: ratio,
    kind: 'max',
    limit: 2,
    unit: '×',
  };
  const labels: Record<Kind, string> = {
    baseline: 'node + etcd3: one raw txn of 100 puts',
    floor: 'the same, after loading the sections module',
    cli: 'config-center publish (validate, CAS txn, history)',
  };
  const row = (kind: Kind) => [
    labels[kind],
    median(samples[kind]),
    percentile(samples[kind], 10),
    percentile(samples[kind], 90),
    (median(samples[kind]) / median(samples.baseline)).toFixed(2),
  ];
  const table = {
    title: `cli-publish: ${KEYS} changed keys (${SECTIONS} sections of ${KEYS_PER_SECTION}) as a whole process, ms`,
    columns: ['publisher', 'median ms', 'p10 ms', 'p90 ms', '× raw'],
    rows: KINDS.map(row),
    notes: [
      `${ROUNDS} processes of each kind after ${WARMUP_ROUNDS} warm-up rounds, alternating order; spawn to exit.`,
      'Each kind alternates between two proposals on its own prefix, so every run changes all 100 keys (checked).',
      "The floor is the part of the start the CLI cannot skip: the service's sections module and what it imports",
      "(@config-center/core/sections, class-validator); the CLI adds to it what the last column minus the floor's shows.",
    ],
  };
  return { name: 'cli-publish', tables: [table], bars: [bar], data: { keys: KEYS, rounds: ROUNDS, samples, ratio, floorRatio } };
}
