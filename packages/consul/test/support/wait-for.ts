/**
 * Polls `condition` every `intervalMs` until it returns something truthy (which is returned), or
 * throws after `timeoutMs` naming what was awaited.
 */
export async function waitFor<T>(what: string, condition: () => T | Promise<T>, timeoutMs = 5000, intervalMs = 5): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
