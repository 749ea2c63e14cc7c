/**
 * Which keys are mapped to each path of the tree, for `EtcdKeyIndex`: the keys exactly at a path,
 * and how many lie strictly below it. A path is named by its id, its segments joined on `/` (a
 * segment never holds one), so the ids of its ancestors are the id's own prefixes.
 *
 * Almost every path holds one key, so a path's keys are held as a plain string until a second
 * key shares the path (`a` and `a.json`): a full read of the prefix allocates no set per key.
 */
export class EtcdPathKeys {
  private readonly at = new Map<string, string | Set<string>>();
  private readonly below = new Map<string, number>();

  /** Records `key` at the path `id`. */
  add(id: string, key: string): void {
    const there = this.at.get(id);
    if (there === undefined) {
      this.at.set(id, key);
    } else if (there === key || (typeof there !== 'string' && there.has(key))) {
      return;
    } else if (typeof there === 'string') {
      this.at.set(id, new Set([there, key]));
    } else {
      there.add(key);
    }
    this.countBelow(id, 1);
  }

  /** Forgets `key` at the path `id`. */
  delete(id: string, key: string): void {
    const there = this.at.get(id);
    if (there === key) {
      this.at.delete(id);
    } else if (there instanceof Set && there.delete(key)) {
      if (there.size === 1) this.at.set(id, [...there][0]);
    } else {
      return;
    }
    this.countBelow(id, -1);
  }

  /** The keys mapped exactly at the path `id`. */
  keysAt(id: string): string[] {
    const there = this.at.get(id);
    return there === undefined ? [] : typeof there === 'string' ? [there] : [...there];
  }

  /** How many keys are mapped exactly at the path `id`. */
  countAt(id: string): number {
    const there = this.at.get(id);
    return there === undefined ? 0 : typeof there === 'string' ? 1 : there.size;
  }

  /** Whether any key is mapped strictly below the path `id`. */
  hasBelow(id: string): boolean {
    return this.below.has(id);
  }

  clear(): void {
    this.at.clear();
    this.below.clear();
  }

  private countBelow(id: string, delta: 1 | -1): void {
    for (let slash = id.indexOf('/'); slash !== -1; slash = id.indexOf('/', slash + 1)) {
      const ancestor = id.slice(0, slash);
      const count = (this.below.get(ancestor) ?? 0) + delta;
      if (count) this.below.set(ancestor, count);
      else this.below.delete(ancestor);
    }
  }
}

/** The ids of the ancestors of the path `id`, outermost first. */
export function ancestorIds(id: string): string[] {
  const ids: string[] = [];
  for (let slash = id.indexOf('/'); slash !== -1; slash = id.indexOf('/', slash + 1)) ids.push(id.slice(0, slash));
  return ids;
}
