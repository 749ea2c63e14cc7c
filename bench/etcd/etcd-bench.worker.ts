import 'reflect-metadata';
import { BurstApp, RawBurstWatcher } from './etcd-burst';
import { initialLoadSamples } from './etcd-initial-load';
import { measurePropagation } from './etcd-propagation';
import type { EtcdWorkerReply, EtcdWorkerRequest } from './etcd-worker-client';

/*
 * A child process of the etcd benchmark: `etcd-bench.worker.js <task> <endpoint> ...args`, forked
 * by `EtcdBenchWorker` with `--expose-gc`. Each task gets a fresh process, so no task's JIT state,
 * caches or garbage flatter or burden another's figures.
 * - `propagation <samples> <warmup>`: replies `propagation`;
 * - `initial-load <raw|library> <warm>`: replies `initial-load` (the first load is the cold one);
 * - `burst <keys>`: boots the app (a section of `keys` keys), replies `ready`, then answers each
 *   `burst` request with `armed` and `applied`, until `close`;
 * - `burst-watch <keys>`: a bare etcd3 watcher of the same prefix, the burst's baseline: replies
 *   `ready`, then answers each `burst` request with `armed` and `seen`, until `close`.
 */

/** Sends a reply to the parent; resolves once it is written, so exiting after it loses nothing. */
function reply(message: EtcdWorkerReply): Promise<void> {
  return new Promise((resolve) => process.send?.(message, undefined, undefined, () => resolve()));
}

/** The parent's requests, in order; none is lost while the worker is busy. */
function requests(): () => Promise<EtcdWorkerRequest> {
  const queued: EtcdWorkerRequest[] = [];
  const waiting: ((request: EtcdWorkerRequest) => void)[] = [];
  process.on('message', (request: EtcdWorkerRequest) => (waiting.shift() ?? ((r) => queued.push(r)))(request));
  return () => new Promise((resolve) => (queued.length ? resolve(queued.shift()!) : waiting.push(resolve)));
}

async function runBurstWorker(endpoint: string, keys: number): Promise<void> {
  const next = requests();
  const app = await BurstApp.boot(endpoint, keys);
  await reply({ kind: 'ready' });
  for (;;) {
    const request = await next();
    if (request.kind === 'close') break;
    const heapBefore = app.heapUsed();
    await reply({ kind: 'armed', heapBefore });
    await reply({ kind: 'applied', ...(await app.observe(request.target, heapBefore)) });
  }
  await app.close();
  await reply({ kind: 'closed' });
}

async function runBurstWatchWorker(endpoint: string, keys: number): Promise<void> {
  const next = requests();
  const watcher = await RawBurstWatcher.start(endpoint, keys);
  await reply({ kind: 'ready' });
  for (;;) {
    const request = await next();
    if (request.kind === 'close') break;
    const seen = watcher.seen(request.target);
    await reply({ kind: 'armed' });
    await reply({ kind: 'seen', seenAtNs: String(await seen) });
  }
  await watcher.close();
  await reply({ kind: 'closed' });
}

async function main(): Promise<void> {
  const [task, endpoint, ...args] = process.argv.slice(2);
  if (task === 'propagation') {
    const samples = await measurePropagation(endpoint, Number(args[0]), Number(args[1]));
    await reply({ kind: 'propagation', ...samples });
  } else if (task === 'initial-load') {
    const { cold, warm } = await initialLoadSamples(endpoint, args[0], Number(args[1]));
    const warmMs = warm.map((sample) => sample.ms);
    await reply({ kind: 'initial-load', coldMs: cold.ms, warmMs, coldBlockMs: cold.longestBlockMs, keys: cold.keys });
  } else if (task === 'burst') {
    await runBurstWorker(endpoint, Number(args[0]));
  } else if (task === 'burst-watch') {
    await runBurstWatchWorker(endpoint, Number(args[0]));
  } else {
    throw new Error(`unknown task '${task}'`);
  }
}

// Exits once the last reply is sent: a client or timer left open must not keep the process up.
main().then(
  () => process.exit(0),
  async (error: unknown) => {
    await reply({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  },
);
