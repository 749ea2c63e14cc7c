/**
 * Polls `condition` every `intervalMs` until it returns something truthy, and returns that. A
 * condition that throws counts as not yet met (a server that is still starting, a member that is
 * not the leader yet). After `timeoutMs` it throws an error that names `what` was awaited and, as
 * its `cause`, the last error the condition threw.
 *
 * @example
 * ```ts
 * await waitFor(() => server.pendingQueries === 1, 'the query to block');
 * const leader = await waitFor(() => cluster.leader(), 'a leader', 10_000, 20);
 * ```
 */
export async function waitFor<T>(condition: () => T | Promise<T>, what: string, timeoutMs = 5000, intervalMs = 5): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const last = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last}`, { cause: lastError });
    }
    await sleep(intervalMs);
  }
}

/** A promise that resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
