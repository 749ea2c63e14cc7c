import { Option, type Command } from 'commander';
import { CliError, ExitCode } from '../cli-error';
import type { RolloutWaitOptions } from '../rollout/await-rollout';

/** How long `--wait` waits when `--timeout` is not given. */
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 60;

/** The flags of `--wait`, as the argument parser gives them. */
export interface WaitFlags {
  readonly wait?: string | boolean;
  readonly timeout?: string;
  readonly rollbackOnReject?: boolean;
}

/** Adds `--wait [PERCENT]`, `--timeout SECONDS` and `--rollback-on-reject` to a publishing command. */
export function withWaitFlags(command: Command): Command {
  return command
    .addOption(new Option('--wait [percent]', 'after the commit, wait until PERCENT (default 100) of the live instances applied it (etcd)'))
    .option('--timeout <seconds>', `how long --wait waits (default ${DEFAULT_WAIT_TIMEOUT_SECONDS})`)
    .option('--rollback-on-reject', 'with --wait: when an instance rejects the version, publish the version before it again');
}

/** The wait the flags ask for, undefined without `--wait`; a usage error for a bad PERCENT or SECONDS, or a flag without `--wait`. */
export function waitOptionsOf(flags: WaitFlags): RolloutWaitOptions | undefined {
  if (flags.wait === undefined) {
    if (flags.timeout !== undefined || flags.rollbackOnReject) {
      throw new CliError('--timeout and --rollback-on-reject go with --wait', ExitCode.usage);
    }
    return undefined;
  }
  const percent = flags.wait === true ? 100 : Number(flags.wait);
  if (!Number.isFinite(percent) || percent <= 0 || percent > 100) {
    throw new CliError(`--wait PERCENT must be a number above 0 and at most 100 (got '${String(flags.wait)}')`, ExitCode.usage);
  }
  const seconds = flags.timeout === undefined ? DEFAULT_WAIT_TIMEOUT_SECONDS : Number(flags.timeout);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new CliError(`--timeout SECONDS must be a number above 0 (got '${flags.timeout}')`, ExitCode.usage);
  }
  return { percent, timeoutMs: seconds * 1000, rollbackOnReject: flags.rollbackOnReject === true };
}
