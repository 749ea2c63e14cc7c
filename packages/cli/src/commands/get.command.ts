import type { ConfigTree } from '@config-center/core/tooling';
import type { LiveKey } from '../backend/publish-plan';
import { CliError, ExitCode } from '../cli-error';
import type { DocumentFormat } from '../config-document';
import type { CliSettings } from '../settings/cli-settings.interface';
import { renderStoredValue, type SecretView } from '../output/stored-value';
import { backendOf } from './backend-of';
import { documentOfKeys } from './export.command';

/** What `get` found: the text of one key, or the subtree below a path as a config file's text. */
export interface GetResult {
  readonly prefix: string;
  readonly path: string;
  /** The key the path names, relative to the prefix (`rateLimit/limit`). */
  readonly key: string;
  /** The key's text, when the path names one key. */
  readonly value?: string;
  /** The subtree, when the path names the keys below it: as `export` writes it. */
  readonly tree?: ConfigTree;
  /** The subtree's text as a config file (YAML or JSON). */
  readonly document?: string;
}

/**
 * `get PATH`: the live value at a config path (`rateLimit.limit`) or key (`rateLimit/limit`: a
 * path with a `/` is a key, and keys may hold dots), or the keys below it as a config file.
 * This command prints values: that is what it is for; an `enc:` value as `[secret <kid>]`, or its
 * plaintext with `view`'s keys (`--show-secrets`).
 */
export async function getCommand(settings: CliSettings, path: string, format: DocumentFormat, view: SecretView = {}): Promise<GetResult> {
  const backend = backendOf(settings, 'get');
  try {
    const key = (path.includes('/') ? path.split('/') : path.split('.')).join('/');
    const live = await backend.readEntries();
    const one = live.get(key);
    if (one) return { prefix: backend.prefix, path, key, value: renderStoredValue(one.value, key, view) };
    const below = new Map<string, LiveKey>();
    for (const [name, entry] of live) if (name.startsWith(`${key}/`)) below.set(name.slice(key.length + 1), entry);
    if (!below.size) throw new CliError(`nothing at '${path}' (key '${key}') in ${backend.describe()}`, ExitCode.usage);
    const where = `${backend.describe()}, path '${path}'`;
    const { tree, text } = documentOfKeys(below, `${backend.prefix}${key}/`, format, where, { view, under: key });
    return { prefix: backend.prefix, path, key, tree, document: text };
  } finally {
    backend.close();
  }
}
