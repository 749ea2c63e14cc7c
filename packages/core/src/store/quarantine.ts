import type { ConfigValidationIssue } from '../errors';
import type { QuarantinedSection } from '../interfaces/config-status.interface';

/**
 * The sections a rejected batch (or an invalid startup) made invalid. Each keeps serving its last
 * good value and stays listed — with the source, the failed paths and constraints (never a value)
 * and since when — until a later batch that touches it applies.
 */
export class Quarantine {
  private readonly held = new Map<number, QuarantinedSection>();

  /** Holds the section at `index`; one held already keeps its first `since`. */
  hold(index: number, section: string, source: string, issues: readonly ConfigValidationIssue[]): void {
    const since = this.held.get(index)?.since ?? new Date();
    this.held.set(index, { section, source, issues, since });
  }

  /** Releases the sections at `indexes`. */
  release(indexes: Iterable<number>): void {
    for (const index of indexes) this.held.delete(index);
  }

  /** Whether a section is held for a change of `source`. */
  blames(source: string): boolean {
    return [...this.held.values()].some((section) => section.source === source);
  }

  /** The binding indexes of the sections held. */
  indexes(): ReadonlySet<number> {
    return new Set(this.held.keys());
  }

  get size(): number {
    return this.held.size;
  }

  list(): QuarantinedSection[] {
    return [...this.held.values()];
  }
}
