import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { register } from 'ts-node';

/** A running etcd cluster of `packages/testing/src/harness` (the parts the benchmark uses). */
export interface HarnessCluster {
  /** Every member's `127.0.0.1:port`. */
  readonly endpoints: string[];
  /** Kills every member and removes the data dirs. */
  stop(): Promise<void>;
}

/** What the benchmark takes from the harness. */
export interface EtcdHarness {
  readonly EtcdCluster: { start(options?: { readonly members?: number }): Promise<HarnessCluster> };
}

let loaded: EtcdHarness | undefined;

/**
 * Loads the real-etcd test harness (`packages/testing/src/harness`: etcd on free loopback ports with
 * a temp data dir) so the benchmark runs etcd exactly as the tests do.
 *
 * The harness is TypeScript outside `bench/`'s `rootDir`, so `tsc -p bench/tsconfig.json` cannot
 * compile it; it is loaded at run time through ts-node (transpile only, the root tsconfig) instead,
 * and typed here by the few members the benchmark calls.
 */
export function loadEtcdHarness(): EtcdHarness {
  if (loaded) return loaded;
  const root = repoRoot();
  register({ transpileOnly: true, project: join(root, 'tsconfig.json') });
  loaded = createRequire(__filename)(join(root, 'packages', 'testing', 'src', 'harness')) as EtcdHarness;
  return loaded;
}

/** The repository root, from `bench/lib` or `bench/dist/lib`. */
function repoRoot(): string {
  for (const up of [
    ['..', '..'],
    ['..', '..', '..'],
  ]) {
    const candidate = join(__dirname, ...up);
    if (existsSync(join(candidate, 'packages', 'testing', 'src', 'harness', 'index.ts'))) return candidate;
  }
  throw new Error(`Cannot find packages/testing/src/harness above ${__dirname}`);
}
