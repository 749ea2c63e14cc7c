/**
 * `@config-center/cli`: the `config-center` command. Apps run the bin; this entry point is for
 * scripts that run it in-process and for the exit codes.
 */
export { run, buildProgram } from './cli-program';
export type { CliIo } from './program-context.interface';
export { CliError, ExitCode, type ExitCodeValue } from './cli-error';
export type { CliSettings, EtcdSettings, ConsulSettings, GlobalFlags } from './settings/cli-settings.interface';
export type { ValidationProblem, ValidationReport } from './commands/validation-report';
export type { KeyChange, KeyDiff, DiffValue } from './commands/key-diff';
