import { existsSync } from 'node:fs';
import { fileSourceName, loadWithin, readFileConfig, type ConfigSource, type LeftOutKey } from '@config-center/core/tooling';
import { CliError, ExitCode } from '../cli-error';
import { countOf } from '../output/progress';
import { treeOfKeys, type KeyValues } from '../config-keys';
import { isSecretPlaceholder } from '../output/stored-value';
import { readProposal, type Proposal } from '../proposal';
import { loadSections } from '../sections-module';
import { backendOf } from './backend-of';
import type { CliSettings } from '../settings/cli-settings.interface';
import { withProblemLines } from './problem-lines';
import { LayerLoadError, validateLayers, type LayerChecks, type LayerRead } from './validate-layers';
import type { ValidationProblem, ValidationReport } from './validation-report';

/** How long the live state may take to load; a backend that cannot answer within it is unreachable. */
const LIVE_LOAD_TIMEOUT_MS = 15_000;

/**
 * `validate [FILE|DIR]`: the proposal (as the keys a publish would write, mapped back by the core's
 * key mapper), or with no argument the live prefix in etcd or Consul as the app's own source loads
 * it, merged over the base files and bound to every section of the sections module by the core's
 * own startup checks (`checkConfig`).
 */
export async function validateCommand(settings: CliSettings, target: string | undefined, cwd: string): Promise<ValidationReport> {
  if (target !== undefined) return validateProposal(settings, await readProposal(target, cwd), cwd);
  const base = baseLayers(settings);
  const sections = loadSections(settings.sections);
  const backend = backendOf(settings, 'validate with no FILE (the live state)');
  try {
    const live = await backend.source();
    settings.progress?.report(`reading ${backend.prefix} and validating ${countOf(sections.length, 'section')}…`);
    return await validateLayers([...base, liveLayer(live)], sections, [], await checksOf(settings))
      .catch((error: unknown) => {
        if (error instanceof LayerLoadError && error.source === live.name) throw backend.unreachable(error.error);
        throw asCliError(error);
      })
      .finally(() => live.close());
  } finally {
    backend.close();
  }
}

/**
 * Validates a proposal as a publish would write it (see `validateKeys`), then gives each problem
 * the file and line that hold its path, in the proposal or a base file.
 */
export async function validateProposal(settings: CliSettings, proposal: Proposal, cwd: string): Promise<ValidationReport> {
  const report = await validateKeys(settings, proposal.name, proposal.keys, proposal.leftOut);
  const baseFiles = settings.base.map((path) => ({ source: fileSourceName({ path }), path }));
  return withProblemLines(report, [{ source: proposal.name, path: proposal.path }, ...baseFiles], cwd);
}

const PLACEHOLDER_PROBLEM =
  'holds the stand-in output prints for an encrypted value (export wrote it), not a value: put the enc: value there (config-center encrypt)';

/**
 * Validates keys as a publish would write them (a proposal, or a version of the history): mapped
 * back by the core's key mapper, merged over the base files, bound to every section. A key holding
 * `[secret k1]` (what `export` prints for a secret) is a problem: publishing it would lose the secret.
 */
export async function validateKeys(
  settings: CliSettings,
  name: string,
  keys: KeyValues,
  leftOutKeys: readonly LeftOutKey[] = [],
): Promise<ValidationReport> {
  const sections = loadSections(settings.sections);
  const base = baseLayers(settings);
  settings.progress?.report(`validating ${countOf(sections.length, 'section')}…`);
  const mapped = treeOfKeys(keys);
  const placeholders = [...keys].filter(([, value]) => isSecretPlaceholder(value)).map(([key]) => ({ key, problem: PLACEHOLDER_PROBLEM }));
  const leftOut = [...leftOutKeys, ...mapped.problems, ...placeholders].map(({ key, problem }): ValidationProblem => ({
    kind: 'parse',
    path: key,
    message: problem,
    source: name,
  }));
  const proposed: LayerRead = { name, load: async () => ({ tree: mapped.tree }) };
  return validateLayers([...base, proposed], sections, leftOut, await checksOf(settings)).catch((error: unknown) => {
    throw asCliError(error);
  });
}

/**
 * The keys of the key directory (`$CONFIG_CENTER_KEY_DIR`, `secrets.keyDir`) to open `enc:` values
 * with, when one is set; and the project file's `ignoreKeys`.
 */
async function checksOf(settings: CliSettings): Promise<LayerChecks> {
  const keyring = settings.keyDir === undefined ? undefined : (await import('./secret-keys')).keyringOfDir(settings.keyDir);
  return { keyring, ignoreKeys: settings.ignoreKeys };
}

/** The base files, each read as the app's `FileConfigSource` reads it. */
function baseLayers(settings: CliSettings): LayerRead[] {
  return settings.base.map((path): LayerRead => {
    if (!existsSync(path)) throw new CliError(`the base file '${path}' does not exist`, ExitCode.usage);
    return { name: fileSourceName({ path }), load: () => readFileConfig({ path }) };
  });
}

/** The live prefix, as the app's own source loads it, within the startup timeout. */
function liveLayer(source: ConfigSource): LayerRead {
  return { name: source.name, load: () => loadWithin(source.load(), LIVE_LOAD_TIMEOUT_MS, source.name) };
}

function asCliError(error: unknown): unknown {
  return error instanceof LayerLoadError ? new CliError(error.message, ExitCode.usage, { cause: error.error }) : error;
}
