import { redact } from '@config-center/core/tooling';
import { Command, CommanderError } from 'commander';
import { CliError, ExitCode, type ExitCodeValue } from './cli-error';
import { registerCanaryCommands } from './canary-commands';
import { registerInitCommand } from './commands/init.command';
import { registerHistoryCommands } from './history-commands';
import { registerLiveCommands } from './live-commands';
import { registerProposalCommands } from './proposal-commands';
import { registerRolloutCommands } from './rollout-commands';
import { registerSecretCommands } from './secret-commands';
import { createProgramContext } from './program-context';
import { createProgram } from './program-options';
import type { CliIo } from './program-context.interface';

/**
 * The `config-center` program: the fixed global flags, and each command with its examples. Every
 * command is registered here, in help order, by the file that holds it.
 */
export function buildProgram(io: CliIo, setExit: (code: ExitCodeValue) => void): Command {
  const program = createProgram(io);
  const context = createProgramContext(io, setExit);
  registerProposalCommands(program, context);
  registerHistoryCommands(program, context);
  registerLiveCommands(program, context);
  registerRolloutCommands(program, context);
  registerCanaryCommands(program, context);
  registerSecretCommands(program, context);
  registerInitCommand(program, context);
  // Each command copied showHelpAfterError when it was added; a mistyped command name gets one line, not the help.
  return program.showHelpAfterError(false);
}

/** Runs one command line (`argv` without `node` and the script); resolves to the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  let code: ExitCodeValue = ExitCode.ok;
  const program = buildProgram(io, (exit) => (code = exit));
  try {
    if (!argv.length) {
      program.outputHelp();
      return ExitCode.usage;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    if (error instanceof CliError) {
      io.stderr.write(`config-center: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`config-center: ${redact((error as Error)?.message ?? String(error))}\n`);
    return ExitCode.invalid;
  }
}
