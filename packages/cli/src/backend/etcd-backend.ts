import type { ConfigSource } from '@config-center/core/tooling';
import {
  canaryReleaseKey,
  FIRST_PAGE_OF_LARGE_VALUES,
  followInstanceReports,
  readInstanceReports,
  readPrefixPaged,
  type InstanceReportsFollow,
  type InstanceReportsListener,
  type InstanceReportsRead,
} from '@config-center/etcd/control';
import { KeyMapper } from '@config-center/core/tooling';
import type { CliError } from '../cli-error';
import type { KeyValues } from '../config-keys';
import { ControlKeys, type HistoryRecord } from '../history/history-record';
import { checkTxnLimits } from '../history/txn-limits';
import type { EtcdSettings } from '../settings/cli-settings.interface';
import type { ConfigBackend, PreparedPublish } from './config-backend.interface';
import type { LiveKey, PublishRequest, VersionCounter } from './publish-plan';
import { EtcdCanaryArea } from './etcd-canary-area';
import { EtcdConnection } from './etcd-connection';
import { readCounter, readHistory, readRecord } from './etcd-control-reads';
import { publishTxn } from './etcd-publish-txn';
import { commitPublish } from './etcd-publish-commit';

export type { LiveKey, VersionCounter } from './publish-plan';

/**
 * The service's prefix in etcd, through one `etcd3` client: its raw keys (for a diff) and an
 * `EtcdConfigSource` over the same client (for validating the live state the way the app reads it).
 * Errors name the endpoints and the prefix, never the credentials.
 */
export class EtcdBackend implements ConfigBackend {
  private readonly connection: EtcdConnection;
  readonly prefix: string;
  readonly control: ControlKeys;

  constructor(settings: EtcdSettings, prefix: string, controlPrefix: string) {
    this.prefix = prefix.endsWith('/') ? prefix : `${prefix}/`;
    this.control = new ControlKeys(controlPrefix);
    this.connection = new EtcdConnection(settings, this.prefix, this.control);
  }

  /** `etcd at 127.0.0.1:2379, prefix '/configs/orders/'`: what messages name. */
  describe(): string {
    return this.connection.describe();
  }

  /** The keys under the prefix (relative to it, named in hex when not UTF-8) and their values as text. */
  async readKeys(): Promise<KeyValues> {
    const entries = await this.readEntries();
    return new Map([...entries].map(([key, { value }]) => [key, value]));
  }

  /** The live keys with their raw names and mod revisions, in key order: what a publish compares. Read in pages at one revision. */
  async readEntries(): Promise<ReadonlyMap<string, LiveKey>> {
    try {
      const { kvs } = await readPrefixPaged(this.connection.client, this.prefix, { firstPage: FIRST_PAGE_OF_LARGE_VALUES });
      const keys = new Map<string, LiveKey>();
      for (const kv of kvs) {
        const name = KeyMapper.describe(kv.key.subarray(Buffer.byteLength(this.prefix)));
        keys.set(name, { raw: kv.key, value: kv.value.toString('utf8'), modRevision: kv.mod_revision });
      }
      return new Map([...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    } catch (error) {
      throw this.unreachable(error);
    }
  }

  /** The version counter under the control prefix (repaired from the history when missing or unreadable). */
  readCounter(): Promise<VersionCounter> {
    return readCounter(this.connection);
  }

  /** The publish as one etcd transaction, refused beyond etcd's default limits (`--max-txn-ops`, `--max-request-bytes`). */
  preparePublish(request: PublishRequest): PreparedPublish {
    const txn = publishTxn(this.prefix, this.control, request);
    checkTxnLimits({ compares: txn.compares.length, operations: txn.operations.length, bytes: txn.bytes }, this.describe());
    return { warnings: [], commit: () => commitPublish(this.connection, txn) };
  }

  /** The canary area: `<controlPrefix>canary/release`, read and written on this backend's client. */
  canaryArea(): EtcdCanaryArea {
    return new EtcdCanaryArea(this.connection.client, canaryReleaseKey(this.control.prefix), {
      prefix: this.prefix,
      control: this.control,
      describe: () => this.describe(),
      commit: (txn) => commitPublish(this.connection, txn),
      unreachable: (error, verb) => this.unreachable(error, verb),
    });
  }

  /** Every history record, oldest first (in key order: the version is zero-padded), read in pages at one revision. */
  readHistory(): Promise<HistoryRecord[]> {
    return readHistory(this.connection);
  }

  /** One history record, or undefined when there is no such version. */
  readRecord(version: number): Promise<HistoryRecord | undefined> {
    return readRecord(this.connection, version);
  }

  /** The instance reports under the control prefix, read at one revision (`EtcdConfigSource`'s `report` writes them). */
  async readInstances(): Promise<InstanceReportsRead> {
    try {
      return await readInstanceReports(this.connection.client, this.control.prefix);
    } catch (error) {
      throw this.unreachable(error);
    }
  }

  /**
   * Follows the instance reports: `onChange` gets the whole set as read, then after each record
   * written or expired (one watch event each, not a read of them all).
   */
  async followInstances(onChange: InstanceReportsListener['onChange'], onError: (error: CliError) => void): Promise<InstanceReportsFollow> {
    try {
      return await followInstanceReports(this.connection.client, this.control.prefix, {
        onChange,
        onError: (error) => onError(this.unreachable(error, 'watch')),
      });
    } catch (error) {
      throw this.unreachable(error, 'watch');
    }
  }

  /**
   * Calls `onChange` on every change under `prefixes` (default: the prefix and the control prefix:
   * a publish, an instance's record written or expired) until the returned function stops the watches.
   * Stopping calls back no more and does not wait for etcd to confirm the cancels: a frozen or
   * unreachable etcd never does (etcd3's `Watcher.cancel()` waits for it), and the command must end.
   */
  async watchChanges(
    onChange: () => void,
    onError: (error: CliError) => void,
    prefixes: readonly string[] = [this.prefix, this.control.prefix],
  ): Promise<() => Promise<void>> {
    try {
      const watchers = await Promise.all(prefixes.map((prefix) => this.connection.client.watch().prefix(prefix).create()));
      let stopped = false;
      for (const watcher of watchers) {
        watcher.on('data', () => stopped || onChange());
        watcher.on('error', (error) => stopped || onError(this.unreachable(error, 'watch')));
      }
      return async () => {
        stopped = true;
        for (const watcher of watchers) void watcher.cancel().catch(() => undefined);
      };
    } catch (error) {
      throw this.unreachable(error, 'watch');
    }
  }

  /** The source the app would read the prefix with, on this backend's client; loaded on use (it brings rxjs and the core's module). */
  async source(): Promise<ConfigSource> {
    const { EtcdConfigSource } = await import('@config-center/etcd');
    return new EtcdConfigSource({
      client: this.connection.client,
      prefix: this.prefix,
      requestTimeoutMs: this.connection.requestTimeoutMs,
      reconcileIntervalMs: 0,
    });
  }

  /** The exit-3 error for a failure to read the prefix from etcd (or write it): endpoints, prefix and what happened in plain words. */
  unreachable(error: unknown, verb = 'read from'): CliError {
    return this.connection.unreachable(error, verb);
  }

  /** Closes the client; it starts no call afterwards, so no watch of a follow is left retrying. */
  close(): void {
    this.connection.close();
  }
}
