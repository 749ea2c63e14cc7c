import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The built bin, as `npm test` builds it before Jest runs. */
export const CLI_BIN = join(__dirname, '..', '..', 'dist', 'main.js');

/** The compiled sections module the specs validate against. */
export const SECTIONS = join(__dirname, '..', 'fixtures', 'sections.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `config-center` as a process (stdout a pipe, not a terminal); `CONFIG_CENTER_*` and colour
 * variables come only from `env`; `input`, when given, is written to its stdin, which is then closed.
 */
export function runCli(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<CliRun> {
  if (!existsSync(CLI_BIN)) throw new Error(`${CLI_BIN} is missing: run npm run build first`);
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(CONFIG_CENTER_|NO_COLOR|FORCE_COLOR)/.test(name)),
  );
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI_BIN, ...args],
      // Room for the output of thousands of instances (`rollout --json`); execFile's default is 1 MiB.
      { cwd: options.cwd, env: { ...inherited, ...options.env }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
