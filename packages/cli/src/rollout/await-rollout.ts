import type { InstanceReport, InstanceReportsRead } from '@config-center/etcd/control';
import type { EtcdBackend } from '../backend/etcd-backend';
import { CliError, ExitCode } from '../cli-error';
import { readTimeline } from '../commands/rollout.command';
import type { Progress } from '../output/progress';
import type { VersionTimeline } from './instance-version';
import { formatTotals } from './rollout-format';
import { rolloutInstance, rolloutView, writtenAtOf, type RolloutInstance, type RolloutView } from './rollout-view';
import { outcomeOf, verdictOf, type RolloutWaitOutcome } from './rollout-verdict';

/** At most one progress line per this long while waiting (each record's change is a new look). */
const PROGRESS_EVERY_MS = 1000;

/** `--wait [PERCENT] --timeout SECONDS`: what share of the live instances must apply, and for how long to wait. */
export interface RolloutWaitOptions {
  /** 1–100: the share of live instances that must run the version (or a newer one). */
  readonly percent: number;
  readonly timeoutMs: number;
  /** Roll back to the version before when any instance rejected it. */
  readonly rollbackOnReject: boolean;
}

/**
 * Waits until `percent` of the instances that report run `version` (or a newer one): their records
 * are read once, then followed by a watch (each record written or expired is one event), and the
 * versions read again when the prefix or the history changes. Ends at the first rejection, or when
 * `timeoutMs` ran out — counted from the call, so a read or a watch etcd never answers (frozen,
 * unreachable) ends it too, with the exit-3 error saying so.
 */
export async function awaitRollout(
  backend: EtcdBackend,
  version: number,
  options: RolloutWaitOptions,
  progress?: Progress,
): Promise<RolloutWaitOutcome> {
  return new RolloutWait(backend, version, options, progress).run();
}

/** One wait: the records as last seen, each placed once per change, judged once per batch of events. */
class RolloutWait {
  private readonly started = Date.now();
  private timeline: VersionTimeline | undefined;
  private reports: InstanceReportsRead | undefined;
  /** Records that did not change since the last look keep their place (until the versions change). */
  private placed = new WeakMap<InstanceReport, RolloutInstance>();
  private scheduled = false;
  private finished = false;
  private reportedAt = 0;
  /** What stops the watches made so far; none waits for etcd. */
  private readonly stops: (() => unknown)[] = [];
  private settle!: (outcome: RolloutWaitOutcome) => void;
  private fail!: (error: Error) => void;
  private readonly ended = new Promise<RolloutWaitOutcome>((resolve, reject) => ((this.settle = resolve), (this.fail = reject)));

  constructor(
    private readonly backend: EtcdBackend,
    private readonly version: number,
    private readonly options: RolloutWaitOptions,
    private readonly progress: Progress | undefined,
  ) {
    this.ended.catch(() => undefined); // awaited in run()
  }

  async run(): Promise<RolloutWaitOutcome> {
    // Armed first: reading and setting up the watches count against the timeout.
    const timer = setTimeout(() => this.timeUp(), this.options.timeoutMs);
    this.follow().catch((error: Error) => this.fail(error));
    try {
      return await this.ended;
    } finally {
      this.finished = true;
      clearTimeout(timer);
      for (const stop of this.stops) void stop();
    }
  }

  /** Reads the versions, then watches them and follows the records; a watch made after the end is stopped at once. */
  private async follow(): Promise<void> {
    const fail = (error: Error) => this.fail(error);
    const timeline = await readTimeline(this.backend, this.version);
    if (this.finished) return;
    this.timeline = timeline;
    this.stops.push(await this.backend.watchChanges(() => this.refresh(), fail, [this.backend.prefix, this.backend.control.history]));
    if (this.finished) return void this.stops.forEach((stop) => void stop());
    const follow = await this.backend.followInstances((read) => ((this.reports = read), this.soon()), fail);
    this.stops.push(() => follow.close());
    if (this.finished) void follow.close();
  }

  /** Time ran out: judged on the records seen, or, when etcd never answered with them, the exit-3 error saying so. */
  private timeUp(): void {
    if (this.finished) return;
    if (this.timeline && this.reports) return this.evaluate(true);
    this.finished = true;
    const seconds = (this.options.timeoutMs / 1000).toFixed(1);
    this.fail(
      new CliError(
        `no answer from ${this.backend.describe()} within the --timeout of ${seconds} s (is etcd frozen or unreachable?)`,
        ExitCode.unreachable,
      ),
    );
  }

  /** Judges once for the events that arrive together. */
  private soon(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.evaluate());
  }

  private refresh(): void {
    readTimeline(this.backend, this.version).then((timeline) => {
      this.timeline = timeline;
      this.placed = new WeakMap();
      this.soon();
    }, this.fail);
  }

  private place(report: InstanceReport, timeline: VersionTimeline): RolloutInstance {
    const known = this.placed.get(report);
    if (known) return known;
    const instance = rolloutInstance(report, this.backend.prefix, timeline, this.version, writtenAtOf(this.reports!, report));
    this.placed.set(report, instance);
    return instance;
  }

  private evaluate(timedOut = false): void {
    this.scheduled = false;
    if (this.finished || !this.reports || !this.timeline) return;
    const timeline = this.timeline;
    const view = rolloutView(this.reports, this.backend.prefix, timeline, this.version, (report) => this.place(report, timeline));
    const outcome = verdictOf(view, this.options.percent, timedOut);
    if (!outcome) return this.reportProgress(view);
    this.finished = true;
    this.settle(outcomeOf(view, outcome, this.options.percent, Date.now() - this.started));
  }

  private reportProgress(view: RolloutView): void {
    if (!this.progress || Date.now() - this.reportedAt < PROGRESS_EVERY_MS) return;
    this.reportedAt = Date.now();
    this.progress.report(`waiting for ${this.options.percent}% of the instances: ${formatTotals(view.totals, this.version)}`);
  }
}
