import { ConfigValidationError, type ConfigValidationIssue } from '../errors';
import type { QuarantinedSection } from '../interfaces/config-status.interface';
import { rejectionOf } from './error-events';

/** The source a failed path is blamed on: the one whose value there caused the failure. */
export type Blame = (path: string) => string;

/** A held section, and the source blamed for each of its failed paths. */
interface Held {
  readonly section: QuarantinedSection;
  readonly sources: ReadonlySet<string>;
}

/**
 * The sections a rejected batch (or an invalid startup) made invalid. Each keeps serving its last
 * good value and stays listed — with the source, the failed paths and constraints (never a value)
 * and since when — until a later batch that touches it applies. Each failed path is blamed on the
 * source that caused it, not on whichever source's batch found it still failing.
 */
export class Quarantine {
  private readonly held = new Map<number, Held>();

  /**
   * Holds the section at `index`, each issue blamed as `blame` says (one source for all, or per
   * path); it is listed under the source of its first issue. One held already keeps its first `since`.
   */
  hold(index: number, section: string, blame: string | Blame, issues: readonly ConfigValidationIssue[]): void {
    const sourceOf = typeof blame === 'string' ? () => blame : blame;
    const since = this.held.get(index)?.section.since ?? new Date();
    const sources = new Set(issues.map((issue) => sourceOf(issue.path)));
    const source = issues.length ? sourceOf(issues[0].path) : sourceOf(section);
    this.held.set(index, { section: { section, source, issues, since }, sources });
  }

  /** Releases the sections at `indexes`. */
  release(indexes: Iterable<number>): void {
    for (const index of indexes) this.held.delete(index);
  }

  /** Whether a section is held for a change of `source`. */
  blames(source: string): boolean {
    return [...this.held.values()].some((held) => held.sources.has(source));
  }

  /** The binding indexes of the sections held. */
  indexes(): ReadonlySet<number> {
    return new Set(this.held.keys());
  }

  /** The binding indexes of the sections held with an issue that passes `test` (a value that could not be decrypted). */
  heldOn(test: (issue: ConfigValidationIssue) => boolean): number[] {
    return [...this.held].filter(([, held]) => held.section.issues.some(test)).map(([index]) => index);
  }

  get size(): number {
    return this.held.size;
  }

  list(): QuarantinedSection[] {
    return [...this.held.values()].map((held) => held.section);
  }
}

/** One rejection per blamed source (`ConfigSecretError` where a value could not be decrypted), each naming the issues that source caused. */
export function blamedErrors(issues: readonly ConfigValidationIssue[], blame: Blame): ConfigValidationError[] {
  const bySource = new Map<string, ConfigValidationIssue[]>();
  for (const issue of issues) {
    const source = blame(issue.path);
    bySource.set(source, [...(bySource.get(source) ?? []), issue]);
  }
  return [...bySource].map(([source, caused]) => rejectionOf(source, caused));
}
