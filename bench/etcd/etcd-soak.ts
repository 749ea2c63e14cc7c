import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Etcd3 } from 'etcd3';

/** The keys the soak writes: `s0/k0` … `s0/k9` under `SOAK_PREFIX`, one validated section. */
export const SOAK_PREFIX = '/bench/soak/';
export const SOAK_KEYS = 10;
const IN_FLIGHT = 100;
const FIRST_MARK = 20_000;
const EXIT_GRACE_MS = 10_000;

/** What the parent asks the soak worker; what it answers. */
export type SoakRequest = { readonly kind: 'mark'; readonly revision: number } | { readonly kind: 'close' };
export type SoakReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'mark'; readonly heap: number; readonly rss: number }
  | { readonly kind: 'closed'; readonly versions: number }
  | { readonly kind: 'failed'; readonly message: string };

/** What the soak measured: heap and RSS at the 20,000th and the last update, and how the process ended. */
export interface SoakFigures {
  readonly updates: number;
  readonly versions: number;
  readonly first: { readonly heap: number; readonly rss: number };
  readonly last: { readonly heap: number; readonly rss: number };
  readonly heapGrowthPct: number;
  readonly rssGrowthPct: number;
  /** Whether the worker exited on its own within `EXIT_GRACE_MS` of closing its app. */
  readonly exitedByItself: boolean;
}

/**
 * The soak: an app (`etcd-soak.worker.ts`, its own process) takes `updates` puts that this process
 * writes, 100 in flight; heap and RSS are read in the app once the 20,000th and the last are
 * applied; then the app is closed and must exit by itself.
 */
export async function runSoak(writer: Etcd3, endpoint: string, updates: number): Promise<SoakFigures> {
  for (let k = 0; k < SOAK_KEYS; k++) await writer.put(`${SOAK_PREFIX}s0/k${k}`).value('0');
  const child = fork(join(__dirname, 'etcd-soak.worker.js'), [endpoint], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<boolean>((resolve) => child.once('exit', (code, signal) => resolve(code === 0 && signal === null)));
  const next = replies(child);
  await next('ready');
  const marks: { heap: number; rss: number }[] = [];
  let revision = 0;
  for (let written = 0; written < updates;) {
    const count = Math.min(IN_FLIGHT, updates - written);
    const puts = Array.from({ length: count }, (_, i) =>
      writer
        .put(`${SOAK_PREFIX}s0/k${(written + i) % SOAK_KEYS}`)
        .value(String(written + i + 1))
        .exec(),
    );
    for (const result of await Promise.all(puts)) revision = Math.max(revision, Number(result.header.revision));
    written += count;
    if (written === FIRST_MARK || written === updates) {
      child.send({ kind: 'mark', revision } satisfies SoakRequest);
      const { heap, rss } = await next('mark');
      marks.push({ heap, rss });
    }
  }
  child.send({ kind: 'close' } satisfies SoakRequest);
  const { versions } = await next('closed');
  const killer = setTimeout(() => child.kill('SIGKILL'), EXIT_GRACE_MS);
  const exitedByItself = await exited;
  clearTimeout(killer);
  const [first, last] = marks;
  const growth = (a: number, b: number) => ((b - a) / a) * 100;
  return {
    updates,
    versions,
    first,
    last,
    heapGrowthPct: growth(first.heap, last.heap),
    rssGrowthPct: growth(first.rss, last.rss),
    exitedByItself,
  };
}

/** The worker's replies in order; a `failed` reply or an early exit rejects. */
function replies(child: ChildProcess): <K extends SoakReply['kind']>(kind: K) => Promise<Extract<SoakReply, { kind: K }>> {
  const queued: SoakReply[] = [];
  const waiting: ((reply: SoakReply) => void)[] = [];
  const deliver = (reply: SoakReply) => (waiting.shift() ?? ((r: SoakReply) => queued.push(r)))(reply);
  child.on('message', deliver);
  child.once('exit', (code) => deliver({ kind: 'failed', message: `the soak worker exited with ${code}` }));
  return async (kind) => {
    const reply = queued.shift() ?? (await new Promise<SoakReply>((resolve) => waiting.push(resolve)));
    if (reply.kind !== kind)
      throw new Error(
        `soak worker answered '${reply.kind}' where '${kind}' was expected${reply.kind === 'failed' ? `: ${reply.message}` : ''}`,
      );
    return reply as Extract<SoakReply, { kind: typeof kind }>;
  };
}
