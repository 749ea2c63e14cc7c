import { ConfigSourceTimeoutError } from '../errors';

/**
 * A source's load bounded by `timeoutMs`: what it resolves to, or a `ConfigSourceTimeoutError`
 * naming the source when it takes longer. The store's first load of each source goes through it,
 * and so does a tool that loads a source once (the CLI's live state).
 */
export async function loadWithin<T>(load: Promise<T>, timeoutMs: number, source: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ConfigSourceTimeoutError(source, timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([load, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
