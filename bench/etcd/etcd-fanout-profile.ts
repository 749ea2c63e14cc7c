import 'reflect-metadata';
import { Etcd3 } from 'etcd3';
import { loadEtcdHarness } from '../lib/etcd-harness';
import { median } from '../lib/stats';
import { runFanout } from './etcd-fanout';

/*
 * The CPU a change costs at fan-out, for profiling the apply path:
 * `node bench/dist/etcd/etcd-fanout-profile.js [watchers] [puts] [rounds]` starts one etcd, then
 * runs rounds of raw → library → library → raw fan-outs (4 worker processes each, as the bench's) and prints the CPU
 * per watcher per put of each side and their ratio, median over rounds. With
 * `FANOUT_CPU_PROF=<dir>` the library workers run under `--cpu-prof` into that directory; a
 * second mode, `summary <file.cpuprofile>`, sums self time per function and per file of one.
 */
const [first, ...rest] = process.argv.slice(2);

async function measure(watchers: number, puts: number, rounds: number): Promise<void> {
  const cluster = await loadEtcdHarness().EtcdCluster.start();
  const writer = new Etcd3({ hosts: cluster.endpoints[0] });
  const cpu = { raw: [] as number[], library: [] as number[] };
  try {
    for (let round = 0; round < rounds; round++) {
      for (const kind of ['raw', 'library', 'library', 'raw'] as const) {
        const side = await runFanout(writer, cluster.endpoints[0], kind, watchers, puts);
        cpu[kind].push(side.cpuMicrosPerWatcher);
      }
    }
  } finally {
    writer.close();
    await cluster.stop();
  }
  const raw = median(cpu.raw);
  const library = median(cpu.library);
  console.log(`raw      µs/watcher/put: ${cpu.raw.map((v) => v.toFixed(1)).join(' ')} → median ${raw.toFixed(1)}`);
  console.log(`library  µs/watcher/put: ${cpu.library.map((v) => v.toFixed(1)).join(' ')} → median ${library.toFixed(1)}`);
  console.log(`ratio ${(library / raw).toFixed(2)}×`);
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

/** Self time per function and per file of one `.cpuprofile`, the top `limit` of each. */
async function summary(file: string, limit = 40): Promise<void> {
  const { readFileSync } = await import('node:fs');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const perFunction = new Map<string, number>();
  const perFile = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const shortUrl = url.replace(/^.*node_modules\//, '~/').replace(/^.*\/packages\//, 'pkg/');
    const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + profile.timeDeltas[i]);
    add(perFunction, `${functionName || '(anon)'} ${shortUrl}:${lineNumber}`);
    add(perFile, shortUrl || '(native)');
  });
  const total = profile.timeDeltas.reduce((sum, delta) => sum + delta, 0);
  const top = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([key, us]) => `${((us / total) * 100).toFixed(1).padStart(5)} %  ${key}`)
      .join('\n');
  console.log(`== per file\n${top(perFile)}\n\n== per function\n${top(perFunction)}`);
}

if (first === 'summary') {
  void summary(rest[0]);
} else {
  measure(Number(first ?? 200), Number(rest[0] ?? 100), Number(rest[1] ?? 3)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
