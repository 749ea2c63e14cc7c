import type { InstanceReportsRead } from '@config-center/etcd/control';
import type { EtcdBackend } from '../backend/etcd-backend';
import { CliError, ExitCode } from '../cli-error';
import { VersionTimeline } from '../rollout/instance-version';
import { rolloutView, type RolloutView } from '../rollout/rollout-view';
import type { CliSettings } from '../settings/cli-settings.interface';
import { etcdBackendOf } from './backend-of';

/** Why `rollout` and `--wait` need etcd: what a usage error on Consul says. */
export const INSTANCE_REPORTS_NEED_ETCD = "instance reports are written by EtcdConfigSource's `report` to etcd only";

/** How long `--watch` lets changes settle before it redraws: a publish changes every instance's record at about once. */
const REDRAW_AFTER_MS = 150;

/**
 * Where the instances stand against `version` (default: the latest): their records read first,
 * then the history and the live keys, so no record is newer than the versions it is placed by.
 */
export async function readRollout(backend: EtcdBackend, version?: number): Promise<RolloutView> {
  const instances = await backend.readInstances();
  const timeline = await readTimeline(backend, version);
  return rolloutView(instances, backend.prefix, timeline, version ?? timeline.latest);
}

/** The versions and the revisions they committed at, with the live keys' mod revisions; a usage error when `version` is not in the history. */
export async function readTimeline(backend: EtcdBackend, version?: number): Promise<VersionTimeline> {
  const [records, live] = await Promise.all([backend.readHistory(), backend.readEntries()]);
  if (version !== undefined && !records.some((record) => record.version === version)) {
    throw new CliError(`there is no version ${version} in the history of ${backend.describe()}`, ExitCode.usage);
  }
  return new VersionTimeline(
    records,
    [...live.values()].map((key) => Number(key.modRevision)),
  );
}

/** `VERSION` of `rollout`: a whole number from 1, or undefined for the latest. */
export function rolloutVersion(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const version = Number(text);
  if (!Number.isInteger(version) || version < 1)
    throw new CliError(`VERSION must be a whole number from 1 (got '${text}')`, ExitCode.usage);
  return version;
}

/** `rollout [VERSION]`: which instance runs which version, which rejected it and why. */
export async function rolloutCommand(settings: CliSettings, version: string | undefined): Promise<RolloutView> {
  const wanted = rolloutVersion(version);
  const backend = etcdBackendOf(settings, 'rollout', INSTANCE_REPORTS_NEED_ETCD);
  try {
    return await readRollout(backend, wanted);
  } finally {
    backend.close();
  }
}

/**
 * `rollout --watch`: draws the rollout, then again after each change — a record written or
 * expired (followed by a watch, one event each), a publish or a write under the prefix (the
 * versions read again) — until `stopped` resolves (Ctrl-C). Ctrl-C ends it at once, even while
 * etcd does not answer (a read or a watch still pending is dropped with the client; no cancel is
 * awaited).
 */
export async function watchRollout(
  settings: CliSettings,
  version: string | undefined,
  draw: (view: RolloutView) => void,
  stopped: Promise<void>,
): Promise<void> {
  const wanted = rolloutVersion(version);
  const backend = etcdBackendOf(settings, 'rollout', INSTANCE_REPORTS_NEED_ETCD);
  const stops: (() => unknown)[] = [];
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  let failure!: (error: Error) => void;
  const failed = new Promise<never>((_, reject) => (failure = reject));
  failed.catch(() => undefined); // awaited below while watching; a failure after Ctrl-C is moot
  const watch = async () => {
    let timeline = await readTimeline(backend, wanted);
    let reports: InstanceReportsRead | undefined;
    const redraw = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => reports && !ended && draw(rolloutView(reports, backend.prefix, timeline, wanted ?? timeline.latest)),
        REDRAW_AFTER_MS,
      );
    };
    const retime = () => readTimeline(backend, wanted).then((next) => ((timeline = next), redraw()), failure);
    stops.push(await backend.watchChanges(retime, failure, [backend.prefix, backend.control.history]));
    const follow = await backend.followInstances((read) => ((reports = read), redraw()), failure);
    stops.push(() => follow.close());
  };
  try {
    await Promise.race([stopped, failed, watch().then(() => Promise.race([stopped, failed]))]);
  } finally {
    ended = true;
    clearTimeout(timer);
    for (const stop of stops) void stop();
    backend.close();
  }
}
