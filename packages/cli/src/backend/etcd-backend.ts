import type { ConfigSource } from '@config-center/core/tooling';
import {
  canaryReleaseKey,
  createGatedEtcdClient,
  followInstanceReports,
  readInstanceReports,
  readPrefixKeysPaged,
  readPrefixPaged,
  type InstanceReportsFollow,
  type InstanceReportsListener,
  type GatedEtcdClient,
  type InstanceReportsRead,
} from '@config-center/etcd/control';
import { KeyMapper, redact } from '@config-center/core/tooling';
import type { Etcd3 } from 'etcd3';
import { CliError, ExitCode } from '../cli-error';
import type { KeyValues } from '../config-keys';
import { ControlKeys, counterVersion, repairedCounter, type HistoryRecord } from '../history/history-record';
import { checkTxnLimits } from '../history/txn-limits';
import type { EtcdSettings } from '../settings/cli-settings.interface';
import type { ConfigBackend, PreparedPublish } from './config-backend.interface';
import type { LiveKey, PublishRequest, VersionCounter } from './publish-plan';
import { EtcdCanaryArea } from './etcd-canary-area';
import { publishTxn, type PublishTxn } from './etcd-publish-txn';
import { etcdTlsCredentials } from '../settings/etcd-tls';
import { etcdFailureMessage, type EtcdCall } from './etcd-failure-message';

export type { LiveKey, VersionCounter } from './publish-plan';

/** Deadline of each request to etcd. */
const REQUEST_TIMEOUT_MS = 5000;
/**
 * Keys in the first page of a read of the prefix or the history: two values of etcd's largest
 * request (`--max-request-bytes`, 1.5 MiB by default: a publish is one) fit in gRPC's 4 MiB message;
 * later pages are sized by the largest seen.
 */
const FIRST_PAGE = 2;

/**
 * The service's prefix in etcd, through one `etcd3` client: its raw keys (for a diff) and an
 * `EtcdConfigSource` over the same client (for validating the live state the way the app reads it).
 * Errors name the endpoints and the prefix, never the credentials.
 */
export class EtcdBackend implements ConfigBackend {
  private readonly client: Etcd3;
  private readonly gated: GatedEtcdClient;
  readonly prefix: string;
  readonly control: ControlKeys;

  constructor(
    private readonly settings: EtcdSettings,
    prefix: string,
    controlPrefix: string,
  ) {
    this.prefix = prefix.endsWith('/') ? prefix : `${prefix}/`;
    this.control = new ControlKeys(controlPrefix);
    const { username, password } = settings;
    this.gated = createGatedEtcdClient({
      hosts: [...settings.endpoints],
      auth: username !== undefined && password !== undefined ? { username, password } : undefined,
      credentials: etcdTlsCredentials(settings.tls),
      defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + REQUEST_TIMEOUT_MS }),
    });
    this.client = this.gated.client;
  }

  /** `etcd at 127.0.0.1:2379, prefix '/configs/orders/'`: what messages name. */
  describe(): string {
    return `etcd at ${redact(this.settings.endpoints.join(', '))}, prefix '${this.prefix}'`;
  }

  /** The keys under the prefix (relative to it, named in hex when not UTF-8) and their values as text. */
  async readKeys(): Promise<KeyValues> {
    const entries = await this.readEntries();
    return new Map([...entries].map(([key, { value }]) => [key, value]));
  }

  /** The live keys with their raw names and mod revisions, in key order: what a publish compares. Read in pages at one revision. */
  async readEntries(): Promise<ReadonlyMap<string, LiveKey>> {
    try {
      const { kvs } = await readPrefixPaged(this.client, this.prefix, { firstPage: FIRST_PAGE });
      const keys = new Map<string, LiveKey>();
      for (const kv of kvs) {
        const name = KeyMapper.describe(kv.key.subarray(Buffer.byteLength(this.prefix)));
        keys.set(name, { raw: kv.key, value: kv.value.toString('utf8'), modRevision: kv.mod_revision });
      }
      return new Map([...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    } catch (error) {
      throw this.failed(error, { verb: 'read from', range: `prefix '${this.prefix}'` });
    }
  }

  /** The version counter under the control prefix (repaired from the history when missing or unreadable). */
  async readCounter(): Promise<VersionCounter> {
    try {
      const { kvs } = await this.client.get(this.control.counter).exec();
      const kv = kvs[0];
      const version = kv && counterVersion(kv.value.toString('utf8'));
      if (version !== undefined) return { version, modRevision: kv!.mod_revision };
      const { keys } = await readPrefixKeysPaged(this.client, this.control.history);
      const records = keys.map((key) => key.toString('utf8'));
      return repairedCounter(this.control, records, kv && { modRevision: kv.mod_revision });
    } catch (error) {
      throw this.failed(error, this.controlRead());
    }
  }

  /** The publish as one etcd transaction, refused beyond etcd's default limits (`--max-txn-ops`, `--max-request-bytes`). */
  preparePublish(request: PublishRequest): PreparedPublish {
    const txn = publishTxn(this.prefix, this.control, request);
    checkTxnLimits({ compares: txn.compares.length, operations: txn.operations.length, bytes: txn.bytes }, this.describe());
    return { warnings: [], commit: () => this.commit(txn) };
  }

  /** The canary area: `<controlPrefix>canary/release`, read and written on this backend's client. */
  canaryArea(): EtcdCanaryArea {
    return new EtcdCanaryArea(this.client, canaryReleaseKey(this.control.prefix), {
      prefix: this.prefix,
      control: this.control,
      describe: () => this.describe(),
      commit: (txn) => this.commit(txn),
      unreachable: (error, verb) => this.unreachable(error, verb),
    });
  }

  /** Commits a publish as one transaction; false when a compare failed (someone changed what was read). */
  private async commit(txn: PublishTxn): Promise<boolean> {
    let builder = this.client.if(txn.compares[0].key, txn.compares[0].target, '==', txn.compares[0].value);
    for (const { key, target, value } of txn.compares.slice(1)) builder = builder.and(key, target, '==', value);
    const ops = txn.operations.map((op) =>
      op.kind === 'put' ? this.client.put(op.key).value(op.value) : this.client.delete().key(op.key),
    );
    try {
      const { succeeded } = await builder.then(...ops).commit();
      return succeeded;
    } catch (error) {
      throw this.failed(error, { verb: 'write to', range: `prefix '${this.prefix}' and its control prefix '${this.control.prefix}'` });
    }
  }

  /** Every history record, oldest first (in key order: the version is zero-padded), read in pages at one revision. */
  async readHistory(): Promise<HistoryRecord[]> {
    try {
      const { kvs } = await readPrefixPaged(this.client, this.control.history, { firstPage: FIRST_PAGE });
      return kvs.map((kv) => recordOf(kv.value, kv.mod_revision));
    } catch (error) {
      throw this.failed(error, this.controlRead());
    }
  }

  /** One history record, or undefined when there is no such version. */
  async readRecord(version: number): Promise<HistoryRecord | undefined> {
    try {
      const { kvs } = await this.client.get(this.control.record(version)).exec();
      return kvs[0] && recordOf(kvs[0].value, kvs[0].mod_revision);
    } catch (error) {
      throw this.failed(error, this.controlRead());
    }
  }

  /** The instance reports under the control prefix, read at one revision (`EtcdConfigSource`'s `report` writes them). */
  async readInstances(): Promise<InstanceReportsRead> {
    try {
      return await readInstanceReports(this.client, this.control.prefix);
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
      return await followInstanceReports(this.client, this.control.prefix, {
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
   */
  async watchChanges(
    onChange: () => void,
    onError: (error: CliError) => void,
    prefixes: readonly string[] = [this.prefix, this.control.prefix],
  ): Promise<() => Promise<void>> {
    try {
      const watchers = await Promise.all(prefixes.map((prefix) => this.client.watch().prefix(prefix).create()));
      for (const watcher of watchers) {
        watcher.on('data', () => onChange());
        watcher.on('error', (error) => onError(this.unreachable(error, 'watch')));
      }
      return async () => void (await Promise.all(watchers.map((watcher) => watcher.cancel())));
    } catch (error) {
      throw this.unreachable(error, 'watch');
    }
  }

  /** The source the app would read the prefix with, on this backend's client; loaded on use (it brings rxjs and the core's module). */
  async source(): Promise<ConfigSource> {
    const { EtcdConfigSource } = await import('@config-center/etcd');
    return new EtcdConfigSource({ client: this.client, prefix: this.prefix, requestTimeoutMs: REQUEST_TIMEOUT_MS, reconcileIntervalMs: 0 });
  }

  /** The exit-3 error for a failure to read the prefix from etcd (or write it): endpoints, prefix and what happened in plain words. */
  unreachable(error: unknown, verb = 'read from'): CliError {
    return this.failed(error, { verb, range: `prefix '${this.prefix}'` });
  }

  /** Closes the client; it starts no call afterwards, so no watch of a follow is left retrying. */
  close(): void {
    this.gated.close();
  }

  /** The exit-3 error for a failed call: what happened in plain words (see `etcdFailureMessage`), any credential blanked. */
  private failed(error: unknown, call: EtcdCall): CliError {
    const reason = etcdFailureMessage(error, this.settings, call);
    return new CliError(`cannot ${call.verb} ${this.describe()}: ${redact(this.scrub(reason))}`, ExitCode.unreachable, { cause: error });
  }

  private controlRead(): EtcdCall {
    return { verb: 'read from', range: `control prefix '${this.control.prefix}'` };
  }

  private scrub(text: string): string {
    const { password } = this.settings;
    return password ? text.split(password).join('***') : text;
  }
}

/** A stored history record with the revision its publish committed at: its key's mod revision, set by that transaction. */
function recordOf(value: Buffer, modRevision: string): HistoryRecord {
  return { ...(JSON.parse(value.toString('utf8')) as HistoryRecord), revision: modRevision };
}
