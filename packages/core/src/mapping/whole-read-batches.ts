import { ConfigParseError } from '../errors';
import type { ConfigTree, LeftOutKey } from '../interfaces/config-source.interface';
import { KeyMapper, type KeyText, type LocatedValue } from './key-mapper';

/** One key of a whole read, with its raw value; `problem` when the key could not be read at all. */
export interface ReadKey {
  readonly key: string;
  readonly raw: KeyText;
  readonly problem?: string;
}

/**
 * What a whole read becomes: the tree to apply, or, when a key it changed cannot be read, nothing
 * to apply (`held`) and those keys with why. `problems` of an applied read are the keys a fresh
 * load left out; a later read reports only the keys it changed.
 */
export type WholeRead =
  | { readonly held: false; readonly tree: ConfigTree; readonly problems: readonly LeftOutKey[] }
  | { readonly held: true; readonly problems: readonly LeftOutKey[] };

/** A key as last read: its raw value, its located value or why it cannot be read, and its last good value. */
interface ReadEntry {
  readonly raw: KeyText;
  readonly unread: string | undefined;
  readonly problem: string | undefined;
  readonly good: LocatedValue | undefined;
}

/**
 * The batches of a source that reads its whole key set each time (a Consul listing, a directory
 * mount), by the rule every source follows (etcd's revisions too): a batch holding a changed key
 * that cannot be read (a malformed document, a forbidden segment, bytes that are not UTF-8) is held
 * back whole; its readable keys come with the next batch; the unreadable key keeps its last good
 * value until it is fixed or deleted. At a fresh load such keys are left out and each reported.
 * Trees are built by `KeyMapper.treeOf`. A read before any load is compared with an empty key set.
 */
export class WholeReadBatches {
  private entries = new Map<string, ReadEntry>();

  /** `locate` maps one key; default: the core's key mapper with its default limits. */
  constructor(private readonly locate: (key: string, raw: KeyText) => LocatedValue | { readonly problem: string } = defaultLocate) {}

  /** Starts over from a fresh read (startup): the tree of its readable keys, and every unreadable key with why. */
  load(read: Iterable<ReadKey>): { tree: ConfigTree; problems: readonly LeftOutKey[] } {
    this.entries.clear();
    const problems = this.record(read);
    return { tree: this.tree(), problems };
  }

  /** The batch a later whole read makes (see the class description); keys it no longer holds are forgotten. */
  next(read: Iterable<ReadKey>): WholeRead {
    const problems = this.record(read);
    return problems.length ? { held: true, problems } : { held: false, tree: this.tree(), problems };
  }

  /** Records `read` in place of the last one; returns the changed keys that cannot be read. */
  private record(read: Iterable<ReadKey>): LeftOutKey[] {
    const entries = new Map<string, ReadEntry>();
    const problems: LeftOutKey[] = [];
    for (const { key, raw, problem: unread } of read) {
      const before = this.entries.get(key);
      if (before && before.unread === unread && sameRaw(before.raw, raw)) {
        entries.set(key, before);
        continue;
      }
      const located = unread === undefined ? this.locate(key, raw) : { problem: unread };
      const problem = 'problem' in located ? located.problem : undefined;
      entries.set(key, { raw, unread, problem, good: 'problem' in located ? before?.good : located });
      if (problem !== undefined) problems.push({ key, problem });
    }
    this.entries = entries;
    return problems;
  }

  private tree(): ConfigTree {
    const located: LocatedValue[] = [];
    for (const { good } of this.entries.values()) if (good) located.push(good);
    return KeyMapper.treeOf(located);
  }
}

/**
 * The one error of a batch held back for keys that cannot be read: it names the source, the first
 * key and why (never a value), how many more there are, and what was not applied (`revision 12 not
 * applied`). Every source reports a held-back batch with it.
 */
export function heldBackError(source: string, problems: readonly LeftOutKey[], outcome: string): ConfigParseError {
  const [{ key, problem }] = problems;
  const others = problems.length > 1 ? `; ${problems.length - 1} more key(s) cannot be read either` : '';
  return new ConfigParseError(source, key, `${problem}${others} (${outcome})`);
}

const mapper = new KeyMapper();

function defaultLocate(key: string, raw: KeyText): LocatedValue | { readonly problem: string } {
  return mapper.locate(key, raw);
}

function sameRaw(a: KeyText, b: KeyText): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}
