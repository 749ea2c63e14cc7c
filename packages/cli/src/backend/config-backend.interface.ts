import type { ConfigSource } from '@config-center/core/tooling';
import type { CliError } from '../cli-error';
import type { KeyValues } from '../config-keys';
import type { ControlKeys, HistoryRecord } from '../history/history-record';
import type { CanaryArea } from './canary-area.interface';
import type { LiveKey, PublishRequest, VersionCounter } from './publish-plan';

/** A publish checked against the backend's limits and ready to commit as one transaction. */
export interface PreparedPublish {
  /** What the operator should know about the transaction (a compare left out to fit a limit), one line each. */
  readonly warnings: readonly string[];
  /** Commits the transaction; false when a compare failed (someone changed what was read), and then nothing is written. */
  commit(): Promise<boolean>;
}

/**
 * Where a service's config lives, as every command reads and writes it: the keys under the prefix,
 * the version counter and history under the control prefix, and the app's own source over the same
 * connection. Errors name the backend, its endpoint and the prefix, never a credential or a value.
 */
export interface ConfigBackend {
  /** The prefix as stored, ending in `/` (etcd: as given; Consul: without a leading `/`). */
  readonly prefix: string;
  /** The control keys: version counter and history records. */
  readonly control: ControlKeys;
  /** `etcd at 127.0.0.1:2379, prefix '/configs/orders/'`: what messages name. */
  describe(): string;
  /** The keys under the prefix (relative to it) and their values as text, in key order. */
  readKeys(): Promise<KeyValues>;
  /** The live keys with what a publish compares, in key order. */
  readEntries(): Promise<ReadonlyMap<string, LiveKey>>;
  /** The version counter under the control prefix. */
  readCounter(): Promise<VersionCounter>;
  /**
   * Builds the publish's one transaction and checks it against the backend's limits: beyond them it
   * throws an exit-1 `CliError` naming the limit, since a publish is never split. Writes nothing.
   */
  preparePublish(request: PublishRequest): PreparedPublish;
  /** Every history record, oldest first. */
  readHistory(): Promise<HistoryRecord[]>;
  /** One history record, or undefined when there is no such version. */
  readRecord(version: number): Promise<HistoryRecord | undefined>;
  /** The canary area under the control prefix; absent on backends without canaries (Consul). */
  canaryArea?(): CanaryArea;
  /** The source the app would read the prefix with, over this backend's connection settings (loaded on first use). */
  source(): Promise<ConfigSource>;
  /** The exit-3 error for a failure to reach the backend: what, where and why, any credential blanked. */
  unreachable(error: unknown, verb?: string): CliError;
  close(): void;
}
