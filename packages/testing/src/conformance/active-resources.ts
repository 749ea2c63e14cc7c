/** How many active resources of each type (`FSEventWrap`, `TCPWrap`, `Timeout`…) the process holds. */
export type ResourceCounts = ReadonlyMap<string, number>;

/** Counts `process.getActiveResourcesInfo()` by type. */
export function countActiveResources(): ResourceCounts {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/** The resources held now beyond `baseline`, as `type ×extra`; empty when none. */
export function extraResources(baseline: ResourceCounts): string[] {
  const extra: string[] = [];
  for (const [type, count] of countActiveResources()) {
    const more = count - (baseline.get(type) ?? 0);
    if (more > 0) extra.push(`${type} ×${more}`);
  }
  return extra;
}

/**
 * Resolves once the process holds no more resources than `baseline`, checking every few
 * milliseconds (closing a socket or watcher completes on a later turn of the event loop); resolves
 * with the extra resources still held when `timeoutMs` runs out.
 */
export async function waitForResourcesReleased(baseline: ResourceCounts, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const extra = extraResources(baseline);
    if (!extra.length || Date.now() >= deadline) return extra;
  }
}
