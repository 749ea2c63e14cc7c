import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigParseError, readFileConfig, type LeftOutKey } from '@config-center/core/tooling';
import { CliError, ExitCode } from './cli-error';
import { shownPath } from './commands/problem-lines';
import { keysOfTree, type KeyValues } from './config-keys';

/** A proposed config, as the keys it would be published as. */
export interface Proposal {
  /** The source name problems are blamed on: `file:<path>`, as the app names a file source. */
  readonly name: string;
  readonly path: string;
  readonly keys: KeyValues;
  /** Files of a directory that the core's key mapper leaves out. */
  readonly leftOut: readonly LeftOutKey[];
}

/**
 * A problem with the proposal's text itself (malformed YAML, a forbidden key): the file as the
 * command line names it, and why (`bad.yaml: YAML syntax error at line 3, column 1: …`); never the value.
 */
export class ProposalParseError extends Error {
  constructor(
    readonly problem: ConfigParseError,
    cwd: string,
  ) {
    super(`${shownPath(problem.location, cwd)}: ${problem.reason}`);
  }
}

/**
 * Reads a proposed config — a `.yaml`/`.yml`/`.json` file, or a directory laid out as a ConfigMap
 * mount — with the core's `readFileConfig`, what its `FileConfigSource` reads, so files are read,
 * parsed and key-mapped as the app would read them, then turns it into the keys a publish would
 * write under the prefix.
 */
export async function readProposal(path: string, cwd: string): Promise<Proposal> {
  const absolute = resolve(cwd, path);
  if (!existsSync(absolute)) throw new CliError(`the proposal '${path}' does not exist`, ExitCode.usage);
  try {
    const loaded = await readFileConfig({ path: absolute, name: `file:${path}` });
    return { name: loaded.name, path: absolute, keys: keysOfTree(loaded.tree), leftOut: loaded.problems ?? [] };
  } catch (error) {
    if (error instanceof ConfigParseError) throw new ProposalParseError(error, cwd);
    throw new CliError((error as Error).message, ExitCode.usage, { cause: error });
  }
}
