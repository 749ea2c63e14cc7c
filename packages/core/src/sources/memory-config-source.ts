import { ConfigSourceClosedError } from '../errors';
import { concat, defer, of, Subject, type Observable } from 'rxjs';
import type {
  ConfigBatch,
  ConfigEdit,
  ConfigSource,
  ConfigSourceEvent,
  ConfigTree,
  LoadedConfig,
} from '../interfaces/config-source.interface';
import { findPathProblem } from '../parsing/check-tree';
import { parsePath } from '../tree/config-path';
import { applyEdits } from '../tree/merge-trees';
import { deepFreeze } from '../tree/tree-ops';

/** Collects the edits of one `batch()` call. */
export interface MemoryBatch {
  set(path: string, value: unknown): void;
  delete(path: string): void;
}

/**
 * A source held in memory: for tests, and for values an application computes itself. Every call
 * is one batch; `batch(fn)` makes several edits one batch, applied as one swap.
 *
 * @example
 * ```ts
 * const memory = new MemoryConfigSource({ rateLimit: { limit: 10 } });
 * memory.set('rateLimit.limit', 5);
 * memory.batch((b) => { b.set('a', 1); b.set('b', 1); });
 * ```
 */
export class MemoryConfigSource implements ConfigSource {
  private tree: ConfigTree;
  private revision = 0;
  private readonly batches = new Subject<ConfigBatch>();
  private closed = false;

  constructor(
    initial: ConfigTree = {},
    readonly name = 'memory',
  ) {
    this.tree = deepFreeze(structuredClone(initial));
  }

  async load(): Promise<LoadedConfig> {
    if (this.closed) throw new ConfigSourceClosedError(this.name);
    return { tree: this.tree, revision: String(this.revision) };
  }

  /** Begins with the current tree (the core ignores it when nothing changed), then each batch. */
  watch(): Observable<ConfigSourceEvent> {
    return concat(
      defer(() => of<ConfigBatch>({ kind: 'replace', tree: this.tree, revision: String(this.revision) })),
      this.batches,
    );
  }

  set(path: string, value: unknown): void {
    this.edit([{ path: parsePath(path), value }]);
  }

  delete(path: string): void {
    this.edit([{ path: parsePath(path), value: undefined }]);
  }

  /** Replaces the whole tree. */
  replace(tree: ConfigTree): void {
    this.tree = deepFreeze(structuredClone(tree));
    this.batches.next({ kind: 'replace', tree: this.tree, revision: String(++this.revision) });
  }

  /** Applies every edit `fn` makes as one batch. */
  batch(fn: (batch: MemoryBatch) => void): void {
    const edits: ConfigEdit[] = [];
    fn({
      set: (path, value) => edits.push({ path: parsePath(path), value }),
      delete: (path) => edits.push({ path: parsePath(path), value: undefined }),
    });
    this.edit(edits);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.batches.complete();
  }

  /** Emits the edits as one batch; those the core would leave out (a bad path) stay out of `load()`'s tree too. */
  private edit(edits: ConfigEdit[]): void {
    const frozen = edits.map((edit) => ({ path: edit.path, value: deepFreeze(structuredClone(edit.value)) }));
    this.tree = applyEdits(
      this.tree,
      frozen.filter((edit) => findPathProblem(edit.path) === undefined),
    );
    this.batches.next({ kind: 'edits', edits: frozen, revision: String(++this.revision) });
  }
}
