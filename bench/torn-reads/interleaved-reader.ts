import type { PairWatcher } from './torn-reads.fixtures';

/** How often a reader ran, and how often the writer had moved on since its previous run. */
export interface ReaderStats {
  readonly where: string;
  readonly tasks: number;
  /** Runs that saw a value the reader's previous run had not: evidence the two interleaved. */
  readonly tasksSeeingNewValue: number;
}

/** A reader that keeps checking the pair, once per task `schedule` yields to, until stopped. */
export interface InterleavedReader {
  stop(): Promise<ReaderStats>;
}

/**
 * Starts a reader that runs in its own tasks (the event loop phase `schedule` waits for), so the
 * writer's batches land between its checks rather than around a synchronous loop.
 */
export function startReader(watcher: PairWatcher, where: string, schedule: () => Promise<void>): InterleavedReader {
  let running = true;
  let tasks = 0;
  let tasksSeeingNewValue = 0;
  let last = Number.NaN;
  const loop = (async () => {
    while (running) {
      await schedule();
      tasks++;
      const value = watcher.checkNow(where);
      if (value !== last) tasksSeeingNewValue++;
      last = value;
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { where, tasks, tasksSeeingNewValue };
    },
  };
}
