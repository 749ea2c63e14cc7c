import type { Command } from 'commander';
import type { ExitCodeValue } from './cli-error';
import type { PublishOutcome } from './commands/publish.command';
import type { CliSettings } from './settings/cli-settings.interface';

/** Where a run reads and writes: the process's, or a test's. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /**
   * What `encrypt` and `decrypt` read (the process's when absent), and where `init` asks its
   * questions when it is a terminal (absent or not a terminal, nothing is asked).
   */
  readonly stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/**
 * What the commands a `register…Commands` function adds share with the program: its streams,
 * settings and printers. Its own file, so that the program and the files that register commands
 * on it do not import each other.
 */
export interface ProgramContext {
  readonly io: CliIo;
  readonly settingsOf: (command: Command) => CliSettings;
  readonly print: (lines: string[]) => void;
  readonly reportPublish: (settings: { json: boolean }, outcome: PublishOutcome) => void;
  readonly setExit: (code: ExitCodeValue) => void;
  /** The exit codes and settings paragraph every command's help ends with. */
  readonly exitCodesHelp: string;
}
