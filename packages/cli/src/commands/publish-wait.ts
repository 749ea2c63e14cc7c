import type { ConfigBackend } from '../backend/config-backend.interface';
import { CliError } from '../cli-error';
import type { KeyValues } from '../config-keys';
import type { EtcdBackend } from '../backend/etcd-backend';
import { awaitRollout, type RolloutWaitOptions } from '../rollout/await-rollout';
import { formatRolloutWait, type RolloutWaitOutcome } from '../rollout/rollout-verdict';
import type { CliSettings } from '../settings/cli-settings.interface';
import { backendOf, etcdBackendOf } from './backend-of';
import { formatPublish, publishKeys, type PublishResult } from './publish-keys';
import { INSTANCE_REPORTS_NEED_ETCD } from './rollout.command';
import { validateKeys } from './validate.command';

/** What `--wait` saw after a publish and, with `--rollback-on-reject`, the rollback it made. */
export interface PublishWait {
  readonly rollout: RolloutWaitOutcome;
  /** The version the rollback published (the content of the version before), when it made one. */
  readonly rollback?: PublishResult & { readonly restored: number };
  /** Why no rollback was made although one was asked for. */
  readonly rollbackRefused?: string;
}

/** The backend of a publishing command: etcd when it waits for the instances (their reports are in etcd only). */
export function publishingBackendOf(settings: CliSettings, what: string, wait: RolloutWaitOptions | undefined): ConfigBackend {
  return wait ? etcdBackendOf(settings, `${what} --wait`, INSTANCE_REPORTS_NEED_ETCD) : backendOf(settings, what);
}

/**
 * After a publish of `result`: waits for the instances as `wait` says; when one rejected it and
 * `rollbackOnReject` is set, publishes the version before again (validated as `rollback` does,
 * same compare-and-swap), so the instances return to its content — only while the rejected version
 * is still the last one: a version another operator published after it is never undone.
 */
export async function waitAfterPublish(
  backend: ConfigBackend,
  settings: CliSettings,
  result: PublishResult,
  wait: RolloutWaitOptions | undefined,
): Promise<PublishWait | undefined> {
  if (!wait || result.dryRun) return undefined;
  settings.committed?.(formatPublish(result));
  const rollout = await awaitRollout(backend as EtcdBackend, result.version, wait, settings.progress).catch((error: unknown) => {
    throw error instanceof CliError ? committedUnfollowed(result, error) : error;
  });
  if (rollout.outcome !== 'rejected' || !wait.rollbackOnReject) return { rollout };
  const restored = result.version - 1;
  const record = restored >= 1 ? await backend.readRecord(restored) : undefined;
  if (!record) return { rollout, rollbackRefused: `version ${result.version} has no version before it to roll back to` };
  const content = new Map(Object.entries(record.content));
  const rejecters = rollout.rejecters.map(({ instanceId }) => instanceId).join(', ');
  const message = `roll back version ${result.version}, rejected by ${rejecters}`;
  // Only while the rejected version is still the last: a version published after it is left alone.
  const options = { message, dryRun: false, prune: true, showValues: false, onlyAfter: result.version };
  try {
    const check = (keys: KeyValues) => validateKeys(settings, `version:${restored}`, keys);
    const rollback = await publishKeys(backend, settings, content, options, check);
    if (!rollback.result) return { rollout, rollbackRefused: `version ${restored} is not valid against today's sections` };
    return { rollout, rollback: { ...rollback.result, restored } };
  } catch (error) {
    // A conflict (someone published meanwhile) or etcd gone: what the wait saw is still reported.
    if (error instanceof CliError) return { rollout, rollbackRefused: error.message };
    throw error;
  }
}

/**
 * A failure of the wait after the commit: said with the version that was committed (the publish
 * itself is done, and a retry would publish it again), same exit code.
 */
function committedUnfollowed(result: PublishResult, error: CliError): CliError {
  const message = `published version ${result.version} to ${result.prefix}, ${result.hash}; but its rollout could not be followed: ${error.message}`;
  return new CliError(message, error.exitCode, { cause: error });
}

/** The wait and any rollback as lines, after the publish's own. */
export function formatPublishWait(wait: PublishWait): string[] {
  const lines = formatRolloutWait(wait.rollout);
  if (wait.rollback) {
    lines.push(
      `rolled back: published version ${wait.rollback.version} with the content of version ${wait.rollback.restored}, ${wait.rollback.hash}`,
    );
  }
  if (wait.rollbackRefused) lines.push(`not rolled back: ${wait.rollbackRefused}`);
  return lines;
}
