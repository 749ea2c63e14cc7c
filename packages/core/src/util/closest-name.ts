/** Farthest a name may be from a key (in edits) to be offered as what the key meant. */
const MAX_EDITS = 2;

/**
 * The name among `names` that `key` most likely misspells, for a "did you mean" hint: one equal but
 * for case first (`ratelimit` → `rateLimit`), else the nearest within two edits — an insertion,
 * deletion, substitution or swap of two neighbours (optimal string alignment distance) — and nearer
 * than the key is long, so a short key is not matched to any short name. Ties go to the earlier name.
 */
export function closestName(key: string, names: Iterable<string>): string | undefined {
  const candidates = [...names].filter((name) => name !== key);
  const lower = key.toLowerCase();
  const sameButCase = candidates.find((name) => name.toLowerCase() === lower);
  if (sameButCase !== undefined) return sameButCase;
  const limit = Math.min(MAX_EDITS, key.length - 1);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of candidates) {
    if (Math.abs(name.length - key.length) > limit) continue;
    const distance = editDistance(key, name);
    if (distance <= limit && distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

/** Optimal string alignment distance: Levenshtein's edits plus the swap of two neighbouring characters. */
export function editDistance(a: string, b: string): number {
  // rows[i][j]: the distance between the first i characters of a and the first j of b.
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}
