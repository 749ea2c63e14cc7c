import { setTimeout as sleep } from 'node:timers/promises';
import type { EtcdBackend } from '../backend/etcd-backend';
import { readRollout } from '../commands/rollout.command';
import type { Progress } from '../output/progress';
import { formatTotals } from './rollout-format';
import { versionLabel, type RolloutView } from './rollout-view';

/** Reads again at least this often while waiting, besides on each change the watch sees. */
const POLL_MS = 500;
/**
 * The least pause between two reads, and at least as long as the last read took: while a publish
 * rolls out, every record changes, and reading all of them back to back would take the CPU and
 * etcd time the instances need to apply and report (on a 2-core machine, the same cores).
 */
const MIN_PAUSE_MS = 50;

/** `--wait [PERCENT] --timeout SECONDS`: what share of the live instances must apply, and for how long to wait. */
export interface RolloutWaitOptions {
  /** 1–100: the share of live instances that must run the version (or a newer one). */
  readonly percent: number;
  readonly timeoutMs: number;
  /** Roll back to the version before when any instance rejected it. */
  readonly rollbackOnReject: boolean;
}

/** How a wait ended: enough instances applied, one rejected, or time ran out (or no instance reports). */
export interface RolloutWaitOutcome {
  readonly outcome: 'applied' | 'rejected' | 'timed out' | 'no instances';
  readonly version: number;
  readonly percent: number;
  readonly waitedMs: number;
  /** `37/40 applied v12, …` as read last. */
  readonly totals: string;
  /** The instances that rejected the version: id and each failed `path: constraint`. */
  readonly rejecters: readonly { readonly instanceId: string; readonly why: readonly string[] }[];
  /** When time ran out: the instances still on another version (or unknown), and which. */
  readonly laggards: readonly { readonly instanceId: string; readonly version: string }[];
}

/**
 * Waits until `percent` of the instances that report run `version` (or a newer one), reading
 * their records after changes under the prefix or the control prefix (paced: see `MIN_PAUSE_MS`)
 * and at least every 500 ms;
 * ends at the first rejection, or when `timeoutMs` ran out.
 */
export async function awaitRollout(
  backend: EtcdBackend,
  version: number,
  options: RolloutWaitOptions,
  progress?: Progress,
): Promise<RolloutWaitOutcome> {
  const started = Date.now();
  let changed = false;
  let wake = () => {};
  const stop = await backend.watchChanges(
    () => ((changed = true), wake()),
    () => wake(),
  );
  try {
    for (;;) {
      changed = false;
      const readStarted = Date.now();
      const view = await readRollout(backend, version);
      const waitedMs = Date.now() - started;
      const outcome = verdictOf(view, options.percent, waitedMs >= options.timeoutMs);
      if (outcome) return outcomeOf(view, outcome, options.percent, waitedMs);
      progress?.report(`waiting for ${options.percent}% of the instances: ${formatTotals(view.totals, version)}`);
      await sleep(Math.max(MIN_PAUSE_MS, Date.now() - readStarted));
      if (!changed) await sleepUntilWoken(Math.min(POLL_MS, options.timeoutMs - waitedMs), (resolve) => (wake = resolve));
    }
  } finally {
    await stop();
  }
}

function verdictOf(view: RolloutView, percent: number, timedOut: boolean): RolloutWaitOutcome['outcome'] | undefined {
  if (view.instances.some((instance) => instance.state === 'rejected')) return 'rejected';
  const running = view.instances.filter((instance) => instance.state === 'applied' || instance.state === 'ahead').length;
  if (view.instances.length && running * 100 >= percent * view.instances.length) return 'applied';
  if (timedOut) return view.instances.length ? 'timed out' : 'no instances';
  return undefined;
}

function outcomeOf(view: RolloutView, outcome: RolloutWaitOutcome['outcome'], percent: number, waitedMs: number): RolloutWaitOutcome {
  return {
    outcome,
    version: view.version,
    percent,
    waitedMs,
    totals: formatTotals(view.totals, view.version),
    rejecters: view.instances
      .filter((instance) => instance.state === 'rejected')
      .map(({ instanceId, why }) => ({ instanceId, why })),
    laggards:
      outcome === 'timed out'
        ? view.instances
            .filter((instance) => instance.state === 'behind' || instance.state === 'unknown')
            .map((instance) => ({ instanceId: instance.instanceId, version: versionLabel(instance) }))
        : [],
  };
}

function sleepUntilWoken(ms: number, onWake: (resolve: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, ms));
    onWake(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The outcome as lines: what happened, then each rejecter (`id: path: constraint`) or laggard (`id (v11)`). */
export function formatRolloutWait(wait: RolloutWaitOutcome): string[] {
  const seconds = `${(wait.waitedMs / 1000).toFixed(1)} s`;
  switch (wait.outcome) {
    case 'applied':
      return [`rollout: ${wait.totals} (${wait.percent}% wanted, ${seconds})`];
    case 'rejected':
      return [
        `rollout: version ${wait.version} was rejected by ${wait.rejecters.length} instance(s): ${wait.totals}`,
        ...wait.rejecters.map(({ instanceId, why }) => `  ${instanceId}: ${why.join('; ')}`),
      ];
    case 'timed out':
      return [
        `rollout: timed out after ${seconds} before ${wait.percent}% applied version ${wait.version}: ${wait.totals}`,
        `  still on another version: ${wait.laggards.map(({ instanceId, version }) => `${instanceId} (${version})`).join(', ')}`,
      ];
    case 'no instances':
      return [`rollout: no instance reports after ${seconds}: nothing confirms version ${wait.version} (do the apps set report?)`];
  }
}
