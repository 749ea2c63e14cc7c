import {
  decryptValue,
  encryptValue,
  isEnvelope,
  parseEnvelope,
  SecretEnvelopeError,
  type SecretKeyring,
} from '@config-center/core/secrets';
import type { InstanceReportsRead } from '@config-center/etcd/control';
import { CliError, ExitCode } from '../cli-error';
import type { KeyValues } from '../config-keys';
import { pathOfKey } from '../output/stored-value';
import { INSTANCE_REPORTS_NEED_ETCD } from './rollout.command';
import type { CliSettings } from '../settings/cli-settings.interface';
import { etcdBackendOf } from './backend-of';
import type { PublishOutcome } from './publish.command';
import { publishKeys, type ContentCheck } from './publish-keys';
import { keyDirOf, keyringOfDir } from './secret-keys';
import { validateKeys } from './validate.command';

/** What `secrets rotate` is asked: the key to move every value to, and the history message. */
export interface RotateOptions {
  readonly to: string;
  readonly message: string;
  readonly force: boolean;
  readonly dryRun: boolean;
  readonly keyDir?: string;
}

/** What `secrets rotate` did: the keys it re-encrypted, and the publish (absent when none needed it). */
export interface RotateOutcome extends Partial<PublishOutcome> {
  readonly rotated: readonly string[];
}

/**
 * `secrets rotate --to k2 -m MSG`: every `enc:` value under the prefix not yet under `to`, opened
 * with the key it names and sealed again under `to` at the same path, written in one
 * compare-and-swap publish with a history record (`publishKeys`, publish's own path). Refused
 * while a live instance's report does not list `to` among its `keyIds` (it could not open the
 * result), unless `force`; refused naming each key a value needs that the key directory lacks.
 */
export async function rotateCommand(settings: CliSettings, options: RotateOptions, cwd: string): Promise<RotateOutcome> {
  const keyDir = keyDirOf(options.keyDir, settings, cwd);
  const keyring = keyringOfDir(keyDir);
  if (!keyring.key(options.to)) {
    throw new CliError(`the key directory ${keyDir} has no '${options.to}.key': rotate seals every value with it`, ExitCode.usage);
  }
  const backend = etcdBackendOf(settings, 'secrets rotate', INSTANCE_REPORTS_NEED_ETCD);
  try {
    if (!options.force) refuseWhileLacking(await backend.readInstances(), options.to);
    const counter = await backend.readCounter();
    const live = new Map([...(await backend.readEntries())].map(([key, { value }]) => [key, value]));
    const rotated = resealAll(live, options.to, keyring);
    if (!rotated.size) return { rotated: [] };
    const checked = { ...settings, keyDir };
    const check: ContentCheck = (content) =>
      settings.sections === undefined ? Promise.resolve(unvalidated()) : validateKeys(checked, `etcd:${backend.prefix}`, content);
    const publish = { message: options.message, dryRun: options.dryRun, prune: false, showValues: false, onlyAfter: counter.version };
    return { rotated: [...rotated.keys()], ...(await publishKeys(backend, settings, rotated, publish, check)) };
  } finally {
    backend.close();
  }
}

/** A usage error naming the live instances whose reports do not list `kid` (a record without `keyIds` lists none). */
function refuseWhileLacking({ reports }: InstanceReportsRead, kid: string): void {
  const lacking = reports.filter((report) => {
    const keyIds = (report as { readonly keyIds?: unknown }).keyIds;
    return !Array.isArray(keyIds) || !keyIds.includes(kid);
  });
  if (!lacking.length) return;
  const named = lacking.map((report) => report.instanceId);
  const listed = named.length > 5 ? `${named.slice(0, 5).join(', ')} and ${named.length - 5} more` : named.join(', ');
  throw new CliError(
    `refusing to rotate to '${kid}': ${lacking.length} live instance${lacking.length === 1 ? '' : 's'} do${lacking.length === 1 ? 'es' : ''} not report holding it (${listed}); ` +
      `ship ${kid}.key to every instance first, or --force`,
    ExitCode.invalid,
  );
}

/** The envelopes of `live` not under `to`, each sealed again under `to`; a usage error naming every key a value needs and the directory lacks. */
function resealAll(live: KeyValues, to: string, keyring: SecretKeyring): Map<string, string> {
  const rotated = new Map<string, string>();
  const missing: string[] = [];
  for (const [key, text] of live) {
    if (!isEnvelope(text)) continue;
    const path = pathOfKey(key);
    try {
      if (parseEnvelope(text, path).kid === to) continue;
      rotated.set(key, encryptValue(decryptValue(text, { path, keyring }), to, { path, keyring }));
    } catch (error) {
      if (!(error instanceof SecretEnvelopeError)) throw error;
      if (error.failure !== 'unknown-kid') throw new CliError(`cannot rotate: ${error.message}`, ExitCode.invalid);
      missing.push(`${path} needs key '${error.kid}'`);
    }
  }
  if (missing.length) throw new CliError(`cannot rotate: the key directory lacks keys: ${missing.join('; ')}`, ExitCode.usage);
  return rotated;
}

/** The report of a rotation checked without a sections module: it changes no plaintext, only the key it is sealed with. */
function unvalidated() {
  return { valid: true, layers: [], sections: [], problems: [], unknownKeys: [], uncoveredKeys: [] };
}
