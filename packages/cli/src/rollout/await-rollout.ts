import type { InstanceReport, InstanceReportsRead } from '@config-center/etcd';
import type { EtcdBackend } from '../backend/etcd-backend';
import { readTimeline } from '../commands/rollout.command';
import type { Progress } from '../output/progress';
import { formatTotals } from './rollout-format';
import { rolloutInstance, rolloutView, versionLabel, type RolloutInstance, type RolloutView } from './rollout-view';

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
 * Waits until `percent` of the instances that report run `version` (or a newer one): their records
 * are read once, then followed by a watch (each record written or expired is one event), and the
 * versions read again when the prefix or the history changes. Ends at the first rejection, or when
 * `timeoutMs` ran out.
 */
export async function awaitRollout(
  backend: EtcdBackend,
  version: number,
  options: RolloutWaitOptions,
  progress?: Progress,
): Promise<RolloutWaitOutcome> {
  const started = Date.now();
  let timeline = await readTimeline(backend, version);
  let reports: InstanceReportsRead | undefined;
  let settle!: (outcome: RolloutWaitOutcome) => void;
  let fail!: (error: Error) => void;
  const ended = new Promise<RolloutWaitOutcome>((resolve, reject) => ((settle = resolve), (fail = reject)));
  ended.catch(() => undefined); // awaited below, once the watches are set up
  let finished = false;
  let scheduled = false;
  // The records that did not change since the last look keep their place: each change costs one record's placing.
  let placed = new WeakMap<InstanceReport, RolloutInstance>();
  const place = (report: InstanceReport) => {
    const known = placed.get(report);
    if (known) return known;
    const instance = rolloutInstance(report, backend.prefix, timeline, version);
    placed.set(report, instance);
    return instance;
  };
  const evaluate = (timedOut = false) => {
    scheduled = false;
    if (finished || !reports) return;
    const view = rolloutView(reports, backend.prefix, timeline, version, place);
    const outcome = verdictOf(view, options.percent, timedOut);
    if (!outcome) return progress?.report(`waiting for ${options.percent}% of the instances: ${formatTotals(view.totals, version)}`);
    finished = true;
    settle(outcomeOf(view, outcome, options.percent, Date.now() - started));
  };
  // Events that arrive together are judged once.
  const soon = () => void (scheduled || ((scheduled = true), setImmediate(evaluate)));
  const refresh = () =>
    void readTimeline(backend, version).then((next) => {
      timeline = next;
      placed = new WeakMap();
      soon();
    }, fail);
  const stopVersions = await backend.watchChanges(refresh, fail, [backend.prefix, backend.control.history]);
  const follow = await backend
    .followInstances((read) => ((reports = read), soon()), fail)
    .catch(async (error: unknown) => {
      await stopVersions();
      throw error;
    });
  const timer = setTimeout(() => evaluate(true), Math.max(0, options.timeoutMs - (Date.now() - started)));
  try {
    return await ended;
  } finally {
    finished = true;
    clearTimeout(timer);
    await Promise.all([follow.close(), stopVersions()]);
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
    rejecters: view.instances.filter((instance) => instance.state === 'rejected').map(({ instanceId, why }) => ({ instanceId, why })),
    laggards:
      outcome === 'timed out'
        ? view.instances
            .filter((instance) => instance.state === 'behind' || instance.state === 'unknown')
            .map((instance) => ({ instanceId: instance.instanceId, version: versionLabel(instance) }))
        : [],
  };
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
