import type { ConfigTree } from '../interfaces/config-source.interface';

/**
 * One immutable version of the whole config. The store swaps the reference to it in one
 * assignment, so a reader holding a snapshot never sees a mix of two versions.
 */
export interface ConfigSnapshot {
  readonly version: number;
  readonly appliedAt: Date;
  /** The merged tree, deep-frozen. */
  readonly tree: ConfigTree;
  /** The applied slice of each source, in precedence order. */
  readonly slices: readonly ConfigTree[];
  /** The validated, frozen instance of each section, by binding index. */
  readonly sections: readonly object[];
  /** By binding index, the paths of the keys in a section that no field of it declares (`warn` sections). */
  readonly unknownKeys: readonly (readonly string[])[];
}

/** Reads one value out of a snapshot. */
export type SnapshotReader = (snapshot: ConfigSnapshot) => unknown;

/** A path that must hold a value (a `@ConfigValue` without a default), and who needs it. */
export interface RequiredPath {
  readonly path: readonly string[];
  readonly owner: string;
  readonly read: SnapshotReader;
}
