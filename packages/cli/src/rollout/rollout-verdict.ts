import { printable } from '../output/printable-text';
import { formatTotals } from './rollout-format';
import { versionLabel, type RolloutView } from './rollout-view';

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
 * The verdict on one look at the instances: rejected as soon as one rejected, applied once `percent`
 * of them run the version (or a newer one), else undecided until time ran out.
 */
export function verdictOf(view: RolloutView, percent: number, timedOut: boolean): RolloutWaitOutcome['outcome'] | undefined {
  if (view.instances.some((instance) => instance.state === 'rejected')) return 'rejected';
  const running = view.instances.filter((instance) => instance.state === 'applied' || instance.state === 'ahead').length;
  if (view.instances.length && running * 100 >= percent * view.instances.length) return 'applied';
  if (timedOut) return view.instances.length ? 'timed out' : 'no instances';
  return undefined;
}

/** The outcome of a wait as reported: the totals, the rejecters and, when time ran out, the laggards. */
export function outcomeOf(
  view: RolloutView,
  outcome: RolloutWaitOutcome['outcome'],
  percent: number,
  waitedMs: number,
): RolloutWaitOutcome {
  return {
    outcome,
    version: view.version,
    percent,
    waitedMs,
    totals: formatTotals(view.totals, view.version),
    rejecters: view.instances.filter((instance) => instance.state === 'rejected').map(({ instanceId, why }) => ({ instanceId, why })),
    laggards:
      outcome === 'timed out'
        ? view.instances
            .filter((instance) => instance.state === 'behind' || instance.state === 'unknown')
            .map((instance) => ({ instanceId: instance.instanceId, version: versionLabel(instance) }))
        : [],
  };
}

/** The outcome as lines: what happened, then each rejecter (`id: path: constraint`) or laggard (`id (v11)`), `printable`. */
export function formatRolloutWait(wait: RolloutWaitOutcome): string[] {
  return rolloutWaitLines(wait).map(printable);
}

function rolloutWaitLines(wait: RolloutWaitOutcome): string[] {
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
