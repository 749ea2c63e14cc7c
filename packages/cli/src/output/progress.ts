/** Short lines on stderr about a long operation: `reading /configs/orders/ … 10,000 keys`, `committing…`. */
export interface Progress {
  /** Writes one line, when progress is shown. */
  report(line: string): void;
}

/** The variable that forces progress on (`1`) or off (`0`) whatever stderr is: for tests and CI logs. */
export const PROGRESS_VARIABLE = 'CONFIG_CENTER_PROGRESS';

/** Progress that shows nothing. */
export const NO_PROGRESS: Progress = { report: () => undefined };

/**
 * Progress on `stderr` when it is a terminal, or when `CONFIG_CENTER_PROGRESS=1`; never with
 * `--json` (a script reads that run) nor with `CONFIG_CENTER_PROGRESS=0`. Lines never carry a value.
 */
export function progressOn(stderr: NodeJS.WritableStream & { isTTY?: boolean }, env: NodeJS.ProcessEnv, json: boolean): Progress {
  const forced = env[PROGRESS_VARIABLE];
  const shown = !json && (forced === undefined || forced === '' ? stderr.isTTY === true : forced === '1');
  return shown ? { report: (line) => void stderr.write(`${line}\n`) } : NO_PROGRESS;
}

/** `10,000 keys`, `1 key`. */
export function countOf(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}
