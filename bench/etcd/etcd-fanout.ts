import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Etcd3 } from 'etcd3';

/** The key every watcher of the fan-out follows: `s0/k0` of a one-key section under the prefix. */
export const FANOUT_PREFIX = '/bench/fanout/';
export const FANOUT_KEY = `${FANOUT_PREFIX}s0/k0`;
const PROCESSES = 4;
const WARMUP_PUTS = 20;
const TIMEOUT_MS = 30_000;

export type FanoutReply =
  | { readonly kind: 'ready'; readonly heapPerWatcher: number }
  | { readonly kind: 'applied'; readonly value: number; readonly atNs: string; readonly cpuMicros: number }
  | { readonly kind: 'closed' }
  | { readonly kind: 'failed'; readonly message: string };

/** One side of the fan-out: put → the last of every watcher has it, in ms; heap per watcher; CPU per watcher per put. */
export interface FanoutSide {
  readonly latencyMs: number[];
  readonly heapPerWatcherBytes: number;
  /** The CPU time (user and system) of the worker processes over the timed puts, per watcher per put. */
  readonly cpuMicrosPerWatcher: number;
}

/**
 * `watchers` watchers of one key, in 4 processes, each with its own etcd3 client: `puts` sequential
 * puts (after a warm-up), each timed from just before the put until the last watcher of all
 * processes has the value.
 */
export async function runFanout(
  writer: Etcd3,
  endpoint: string,
  kind: 'raw' | 'library',
  watchers: number,
  puts: number,
): Promise<FanoutSide> {
  await writer.put(FANOUT_KEY).value('0');
  const perProcess = Math.ceil(watchers / PROCESSES);
  const workers = Array.from({ length: PROCESSES }, () => startWorker(endpoint, kind, perProcess));
  try {
    const ready = await Promise.all(workers.map((worker) => worker.next('ready')));
    const latencyMs: number[] = [];
    let cpuMicros = 0;
    for (let value = 1; value <= WARMUP_PUTS + puts; value++) {
      const start = process.hrtime.bigint();
      await writer.put(FANOUT_KEY).value(String(value));
      const applied = await Promise.all(workers.map((worker) => worker.next('applied')));
      if (applied.some((a) => a.value !== value)) throw new Error(`fan-out: a worker applied ${applied.map((a) => a.value)} for ${value}`);
      const last = applied.reduce((max, a) => (BigInt(a.atNs) > max ? BigInt(a.atNs) : max), 0n);
      if (value > WARMUP_PUTS) latencyMs.push(Number(last - start) / 1e6);
      const cpu = applied.reduce((sum, a) => sum + a.cpuMicros, 0);
      cpuMicros += value === WARMUP_PUTS ? -cpu : value === WARMUP_PUTS + puts ? cpu : 0;
    }
    const heapPerWatcherBytes = ready.reduce((sum, r) => sum + r.heapPerWatcher, 0) / ready.length;
    return { latencyMs, heapPerWatcherBytes, cpuMicrosPerWatcher: cpuMicros / (puts * perProcess * PROCESSES) };
  } finally {
    await Promise.all(workers.map((worker) => worker.close()));
  }
}

/** `--cpu-prof` into `FANOUT_CPU_PROF` for the library workers when it is set (see `etcd-fanout-profile.ts`). */
function profileArgs(kind: string): string[] {
  const dir = process.env.FANOUT_CPU_PROF;
  return dir && kind === 'library' ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

interface FanoutWorker {
  next<K extends FanoutReply['kind']>(kind: K): Promise<Extract<FanoutReply, { kind: K }>>;
  close(): Promise<void>;
}

function startWorker(endpoint: string, kind: string, count: number): FanoutWorker {
  const child: ChildProcess = fork(join(__dirname, 'etcd-fanout.worker.js'), [endpoint, kind, String(count)], {
    execArgv: ['--expose-gc', ...profileArgs(kind)],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const queued: FanoutReply[] = [];
  const waiting: ((reply: FanoutReply) => void)[] = [];
  const deliver = (reply: FanoutReply) => (waiting.shift() ?? ((r: FanoutReply) => queued.push(r)))(reply);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', deliver);
  child.once('exit', (code) => deliver({ kind: 'failed', message: `fan-out worker exited with ${code}` }));
  return {
    async next(wanted) {
      const timeout = new Promise<FanoutReply>((resolve) =>
        setTimeout(() => resolve({ kind: 'failed', message: `no '${wanted}' within ${TIMEOUT_MS} ms` }), TIMEOUT_MS).unref(),
      );
      const reply = queued.shift() ?? (await Promise.race([new Promise<FanoutReply>((resolve) => waiting.push(resolve)), timeout]));
      if (reply.kind !== wanted)
        throw new Error(
          `fan-out worker: '${reply.kind}' where '${wanted}' was expected${reply.kind === 'failed' ? `: ${reply.message}` : ''}`,
        );
      return reply as Extract<FanoutReply, { kind: typeof wanted }>;
    },
    async close() {
      if (child.connected) child.send({ kind: 'close' });
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
