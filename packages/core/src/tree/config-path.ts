/** Splits a dotted path (`rateLimit.limit`) into segments; the empty path is the root. */
export function parsePath(path: string): readonly string[] {
  return path === '' ? [] : path.split('.');
}

/** Joins segments into a dotted path. */
export function formatPath(path: readonly string[]): string {
  return path.join('.');
}

/** True when one path is a prefix of the other (or they are equal): a change to one touches the other. */
export function pathsOverlap(a: readonly string[], b: readonly string[]): boolean {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}

/** Drops every path that has a shorter prefix in the list, and duplicates. */
export function coveringPaths(paths: readonly (readonly string[])[]): (readonly string[])[] {
  const sorted = [...paths].sort((a, b) => a.length - b.length);
  const kept: (readonly string[])[] = [];
  for (const path of sorted) {
    if (!kept.some((prefix) => pathsOverlap(prefix, path))) kept.push(path);
  }
  return kept;
}
