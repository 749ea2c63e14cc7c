/** The exit codes of `config-center`, documented in the README; scripts and CI rely on them. */
export const ExitCode = {
  /** Done; the config is valid. */
  ok: 0,
  /** The config is invalid, or a publish lost a conflict. */
  invalid: 1,
  /** The command line or the tool's configuration is wrong. */
  usage: 2,
  /** The backend could not be reached (or refused the tool's credentials). */
  unreachable: 3,
  /** A commit's reply was lost and the check that followed failed too: it may have been committed (see `history`). */
  uncertain: 4,
} as const;

/** The exit code of a process ended by a signal, as shells report one (128 + the signal's number). */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI reports as one line on stderr and exits with `exitCode`; never carries a config value or a credential. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}
