import type { EtcdBackend } from '../backend/etcd-backend';
import { CliError, ExitCode } from '../cli-error';
import { VersionTimeline } from '../rollout/instance-version';
import { rolloutView, type RolloutView } from '../rollout/rollout-view';
import type { CliSettings } from '../settings/cli-settings.interface';
import { etcdBackendOf } from './backend-of';

/** Why `rollout` and `--wait` need etcd: what a usage error on Consul says. */
export const INSTANCE_REPORTS_NEED_ETCD = "instance reports are written by EtcdConfigSource's `report` to etcd only";

/** How long `--watch` lets changes settle before it redraws: a publish touches every instance's record at about once. */
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
 * `rollout --watch`: draws the rollout, then again after each change under the prefix or the
 * control prefix (a publish, a record written or expired), until `stopped` resolves (Ctrl-C).
 */
export async function watchRollout(
  settings: CliSettings,
  version: string | undefined,
  draw: (view: RolloutView) => void,
  stopped: Promise<void>,
): Promise<void> {
  const wanted = rolloutVersion(version);
  const backend = etcdBackendOf(settings, 'rollout', INSTANCE_REPORTS_NEED_ETCD);
  let timer: NodeJS.Timeout | undefined;
  let failure: ((error: CliError) => void) | undefined;
  const failed = new Promise<never>((_, reject) => (failure = reject));
  failed.catch(() => undefined); // awaited below while watching; a failure after Ctrl-C is moot
  let drawing = Promise.resolve();
  const redraw = () => (drawing = drawing.then(async () => draw(await readRollout(backend, wanted)))).catch(failure);
  try {
    const stop = await backend.watchChanges(
      () => {
        clearTimeout(timer);
        timer = setTimeout(redraw, REDRAW_AFTER_MS);
      },
      (error) => failure?.(error),
    );
    try {
      await redraw();
      await Promise.race([stopped, failed]);
    } finally {
      clearTimeout(timer);
      await stop();
    }
  } finally {
    backend.close();
  }
}
