import {
  ConfigSourceClosedError,
  ConfigSourceError,
  type ConfigSource,
  type ConfigSourceEvent,
  type LoadedConfig,
} from '@config-center/core';
import { redact } from '@config-center/core/source-kit';
import { Observable, share } from 'rxjs';
import { canaryRecordRead, readCanaryOverlay, type CanaryMembership } from './etcd-canary-overlay';
import { connectEtcd, type EtcdConnection } from './etcd-client-factory';
import type { EtcdConfigSourceOptions } from './etcd-config-source-options.interface';
import type { EtcdInstanceReporter } from './etcd-instance-reporter';
import { instanceReporterFor } from './etcd-instance-reporter-factory';
import { readPrefix, type PrefixRead } from './etcd-prefix-read';
import { etcdSourceError, type EtcdKeyRead } from './etcd-source-errors';
import { etcdSourceSettings } from './etcd-source-settings';
import { EtcdSyncState } from './etcd-sync-state';
import type { EtcdWatchHost } from './etcd-watch-host.interface';
import { EtcdWatchSession } from './etcd-watch-session';
import { EtcdWatchStream, type EtcdWatchStreamHandlers } from './etcd-watch-stream';

/**
 * A config source on an etcd prefix, with a watch that loses no update (DESIGN invariant 3).
 *
 * `load()` reads the whole prefix at one revision (in pages, all at the first one's revision, so a
 * prefix past gRPC's 4 MiB message loads too); the watch resumes from the
 * revision after the last one applied — after a stream error, a reconnect or a failover — and
 * never from "now"; an etcd revision (one transaction) is never split across batches, and one
 * that arrives alone is one batch, so one swap; duplicates and anything at or below the applied
 * revision are dropped; when etcd has compacted past that revision, the source re-reads the prefix
 * and applies the difference as one batch.
 *
 * Under load, consecutive revisions that arrive together (in one watch response, or in responses
 * received while the last batch was being applied, within one turn of the event loop) are applied
 * as one swap at the last revision: the app skips intermediate versions rather than falling
 * behind. A response that arrives alone is emitted at once, so an idle app waits for nothing. The
 * edits of those revisions are applied in order, a later edit of a key replacing an earlier one,
 * so each swap is a state etcd had and no reader sees a mix of two versions. A revision holding an
 * unreadable key splits such a batch: the revisions before it are applied, it is rejected (the key
 * named), and the ones after it are applied together.
 *
 * With `report`, the instance also takes part in canary releases: it watches its canary record
 * (`<controlPrefix>canary/release`) and, when the release selects it, serves the prefix's keys with
 * the canary's on top; each start, widening, promote or abort reaches it as one batch.
 *
 * Keys under the prefix map to paths by their `/` segments; values are JSON when they parse as
 * JSON, else strings; `.json` / `.yaml` / `.yml` keys hold documents mounted without the extension.
 *
 * @example
 * ```ts
 * new EtcdConfigSource({ hosts: ['127.0.0.1:2379'], prefix: '/configs/orders/production/' })
 * ```
 */
export class EtcdConfigSource implements ConfigSource {
  readonly name: string;
  /** The prefix read and watched, always ending in `/`. */
  readonly prefix: string;
  /** This instance's report in etcd, when the options ask for one (`report`); the core runs it. */
  readonly reporter?: EtcdInstanceReporter;
  private readonly connection: EtcdConnection;
  private readonly state: EtcdSyncState;
  private readonly host: EtcdWatchHost;
  private readonly sessions = new Set<EtcdWatchSession>();
  private readonly events$ = new Observable<ConfigSourceEvent>((subscriber) => {
    if (this.closed) return subscriber.error(new ConfigSourceClosedError(this.name));
    const session = new EtcdWatchSession(this.host, subscriber);
    this.sessions.add(session);
    session.start();
    return () => {
      session.stop();
      this.sessions.delete(session);
    };
  }).pipe(share());
  private readonly requestTimeoutMs: number;
  private readonly canary: CanaryMembership | undefined;
  private closed = false;

  constructor(options: EtcdConfigSourceOptions) {
    const settings = etcdSourceSettings(options);
    const { retry } = settings;
    this.prefix = settings.prefix;
    this.name = settings.name;
    this.requestTimeoutMs = settings.requestTimeoutMs;
    this.connection = connectEtcd(options, {
      requestTimeoutMs: this.requestTimeoutMs,
      keepaliveMs: settings.keepaliveMs,
      maxReconnectDelayMs: retry.maxDelayMs ?? 5000,
    });
    try {
      this.reporter = instanceReporterFor(options.report, this.connection.client, {
        prefix: this.prefix,
        requestTimeoutMs: this.requestTimeoutMs,
        retry,
        canary: () => this.canaryFact(),
      });
    } catch (error) {
      this.connection.close();
      throw error;
    }
    this.canary = this.reporter?.canaryMembership;
    this.state = new EtcdSyncState(this.name, this.prefix);
    this.host = {
      state: this.state,
      dialTimeoutMs: settings.dialTimeoutMs,
      reconcileIntervalMs: settings.reconcileIntervalMs,
      accessCheckIntervalMs: settings.accessCheckIntervalMs,
      retry,
      eventPrefix: Buffer.from(this.prefix, 'utf8'),
      openStream: (revision, handlers) => this.openStream(revision, handlers),
      ...(this.canary && { openCanaryStream: (revision, handlers) => this.openCanaryStream(revision, handlers) }),
      readPrefix: () => this.readPrefix(),
      checkAccess: () => this.checkAccess(),
      sourceError: (action, error) => this.sourceError(action, error),
    };
  }

  /** The revision applied last: the watch resumes after it. */
  get revision(): number {
    return this.state.cursor;
  }

  /** Reads the whole prefix at one revision; the watch then starts right after it. */
  async load(): Promise<LoadedConfig> {
    if (this.closed) throw new ConfigSourceClosedError(this.name);
    let read: PrefixRead;
    try {
      read = await this.readPrefix();
    } catch (error) {
      throw this.sourceError('reading', error);
    }
    const { tree, leftOut } = this.state.reset(read);
    return { tree, revision: String(read.revision), problems: leftOut };
  }

  /**
   * Batches from the revision after the last one applied; see the class description. Subscribers
   * share one watch, since they share the source's cursor; `close()` completes it.
   */
  watch(): Observable<ConfigSourceEvent> {
    return this.events$;
  }

  /** Ends every watch and closes the client, unless it was given to the source. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.sessions.forEach((session) => session.end());
    this.sessions.clear();
    this.connection.close();
  }

  /** The prefix at one revision, with the canary keys of this instance at the same revision when it is in a canary. */
  private async readPrefix(): Promise<PrefixRead> {
    const deadline = Date.now() + this.requestTimeoutMs;
    const read = await readPrefix(this.connection.client, this.prefix, deadline);
    if (!this.canary) return read;
    const overlay = await readCanaryOverlay(this.connection.client, this.canary, read.revision, deadline).catch((error: unknown) => {
      throw this.sourceError('reading', error, canaryRecordRead(this.canary!.key));
    });
    return overlay ? { ...read, overlay } : read;
  }

  /** The canary this instance serves, for its report: the release, and the source and revision that brought it in. */
  private canaryFact(): { releaseId: string; source: string; revision: string } | undefined {
    const delivered = this.state.canary;
    return delivered && { releaseId: delivered.releaseId, source: redact(this.name), revision: String(delivered.revision) };
  }

  /** Counts the keys under the prefix: refused when the read permission is gone. */
  private async checkAccess(): Promise<void> {
    await this.connection.client
      .getAll()
      .prefix(this.prefix)
      .options({ deadline: Date.now() + this.requestTimeoutMs })
      .count();
  }

  /**
   * Opens one watch stream of the prefix from `revision`. An extension point: a subclass may wrap
   * the handlers (to trace responses, or to drop one and see reconciliation repair it in a test).
   */
  protected openStream(revision: number, handlers: EtcdWatchStreamHandlers): EtcdWatchStream {
    const target = { prefix: this.prefix, startRevision: revision, deadline: Date.now() + this.host.dialTimeoutMs };
    return EtcdWatchStream.open(this.connection.client, target, handlers);
  }

  /** Opens one watch stream of this instance's canary record from `revision`. */
  private openCanaryStream(revision: number, handlers: EtcdWatchStreamHandlers): EtcdWatchStream {
    const target = { key: this.canary!.key, startRevision: revision, deadline: Date.now() + this.host.dialTimeoutMs };
    return EtcdWatchStream.open(this.connection.client, target, handlers);
  }

  private sourceError(action: string, error: unknown, key?: EtcdKeyRead): ConfigSourceError {
    const { endpoint, secrets, facts } = this.connection;
    return etcdSourceError({ source: this.name, endpoint, prefix: this.prefix, secrets, facts }, action, error, key);
  }
}
