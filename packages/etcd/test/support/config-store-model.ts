import { isObject, pathOfKey, treeOfKeys, type DeliveredKeys } from './etcd-source-model';

/** A section of the model: its top-level path and whether a subtree is valid for it. */
export interface ModelSection {
  readonly path: string;
  readonly valid: (subtree: unknown) => boolean;
}

/**
 * The oracle's model of the store, written from DESIGN §3.2 (guarantee 2) and not from the store's
 * code. Keys are grouped by section (their first path segment). A batch is taken together with the
 * keys earlier rejected batches left pending in the sections it touches (a section is bound on its
 * source's whole state), and with the other keys of those rejected batches but for the ones in
 * quarantined sections it does not touch. If a section whose value that changes is invalid, nothing
 * applies: the invalid sections are quarantined and the batch's keys wait as one group; a pending key
 * it rewrites keeps the groups it was waiting in too, so when that key applies, the rest of each of
 * those groups applies with it. Otherwise it applies whole and releases the sections it touched.
 */
export class ConfigStoreModel {
  /** The keys as delivered: the store's raw slice. */
  private readonly raw = new Map<string, unknown>();
  /** The keys as applied. */
  private readonly applied = new Map<string, unknown>();
  /** Pending keys, each with the rejected batches (groups) that left it. */
  private readonly pending = new Map<string, ReadonlySet<number>>();
  private readonly held = new Set<string>();
  private groups = 0;

  constructor(
    private readonly sections: readonly ModelSection[],
    initial: ReadonlyMap<string, unknown>,
  ) {
    for (const [key, value] of initial) {
      this.raw.set(key, value);
      this.applied.set(key, value);
    }
  }

  /** The applied tree. */
  get tree(): Record<string, unknown> {
    return treeOfKeys(this.applied);
  }

  /** The quarantined sections, sorted. */
  get quarantined(): string[] {
    return [...this.held].sort();
  }

  /** The keys waiting for a quarantine to lift, sorted. */
  get pendingKeys(): string[] {
    return [...this.pending.keys()].sort();
  }

  /** Takes one delivered batch; says whether it applied. */
  deliver(batch: DeliveredKeys): 'applied' | 'rejected' {
    for (const [key, value] of batch) setOrDelete(this.raw, key, value);
    const { candidate, consumed } = this.gather(new Set(batch.keys()));
    const next = new Map(this.applied);
    for (const key of candidate) setOrDelete(next, key, this.raw.get(key));
    const before = this.tree;
    const after = treeOfKeys(next);
    const failing = this.sections.filter(
      (s) => JSON.stringify(before[s.path]) !== JSON.stringify(after[s.path]) && !s.valid(after[s.path]),
    );
    if (failing.length) {
      failing.forEach((s) => this.held.add(s.path));
      this.rejectedGroup([...batch.keys()]);
      return 'rejected';
    }
    for (const key of candidate) setOrDelete(this.applied, key, this.raw.get(key));
    consumed.forEach((key) => this.pending.delete(key));
    for (const key of candidate) this.held.delete(sectionOf(key));
    return 'applied';
  }

  /** The batch's keys and the pending keys that join them, until no more join. */
  private gather(keys: Set<string>): { candidate: Set<string>; consumed: Set<string> } {
    const candidate = new Set(keys);
    const consumed = new Set<string>();
    for (;;) {
      const touched = new Set([...candidate].map(sectionOf));
      const groups = new Set([...consumed].flatMap((key) => [...(this.pending.get(key) ?? [])]));
      const joining = [...this.pending].filter(([key, waiting]) => {
        if (consumed.has(key)) return false;
        const section = sectionOf(key);
        return touched.has(section) || ([...waiting].some((group) => groups.has(group)) && !this.held.has(section));
      });
      if (!joining.length) return { candidate, consumed };
      for (const [key] of joining) {
        candidate.add(key);
        consumed.add(key);
      }
    }
  }

  /** The batch's keys wait as one new group; a key pending already keeps the groups it waited in. */
  private rejectedGroup(keys: readonly string[]): void {
    const group = ++this.groups;
    for (const key of keys) this.pending.set(key, new Set([group, ...(this.pending.get(key) ?? [])]));
  }
}

/** The section a key belongs to: its first path segment. */
export function sectionOf(key: string): string {
  return pathOfKey(key)[0];
}

/** An integer at least 0, as a number field converts text or takes a number; `undefined` when it is not one. */
export function naturalOf(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= 0 ? number : undefined;
}

/** Whether a section's subtree is absent or an object whose `fields` each pass their check when present. */
export function validObject(subtree: unknown, fields: Record<string, (value: unknown) => boolean>): boolean {
  if (subtree === undefined) return true;
  if (!isObject(subtree)) return false;
  return Object.entries(fields).every(([name, check]) => subtree[name] === undefined || check(subtree[name]));
}

function setOrDelete(map: Map<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) map.delete(key);
  else map.set(key, value);
}
