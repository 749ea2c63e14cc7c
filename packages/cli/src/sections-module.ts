import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isSection, type Section } from '@config-center/core/sections';
import { CliError, ExitCode } from './cli-error';

/**
 * The sections a compiled module exports — every `@ConfigSection` class and every
 * `defineSection` section among its exports — as the core recognises them (`isSection`). The
 * module runs as the app would load it; its `@config-center/core` is this tool's peer, so the
 * app's own copy.
 */
export function loadSections(path: string | undefined): Section[] {
  if (path === undefined) {
    throw new CliError('no sections module: give --sections MODULE or `sections:` in config-center.yaml', ExitCode.usage);
  }
  if (!existsSync(path)) throw new CliError(`the sections module '${path}' does not exist (build the service first?)`, ExitCode.usage);
  let exported: Record<string, unknown>;
  try {
    exported = createRequire(path)(path) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(`the sections module '${path}' failed to load: ${(error as Error).message}`, ExitCode.usage, { cause: error });
  }
  const sections = [...new Set(Object.values(exported).filter(isSection))];
  if (!sections.length) {
    throw new CliError(`the sections module '${path}' exports no @ConfigSection class and no defineSection section`, ExitCode.usage);
  }
  return sections;
}
