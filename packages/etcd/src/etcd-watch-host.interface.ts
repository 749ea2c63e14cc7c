import type { ConfigSourceError, RetryOptions } from '@config-center/core';
import type { PrefixRead } from './etcd-prefix-read';
import type { EtcdSyncState } from './etcd-sync-state';
import type { EtcdWatchStream, EtcdWatchStreamHandlers } from './etcd-watch-stream';

/**
 * What a watch session needs from its source (`EtcdConfigSource` builds it): the shared cursor and
 * applied state, the timings, and the source's own etcd reads, watches and errors, so that the
 * session holds the watch loop and nothing of the client.
 */
export interface EtcdWatchHost {
  readonly state: EtcdSyncState;
  readonly dialTimeoutMs: number;
  readonly reconcileIntervalMs: number;
  readonly accessCheckIntervalMs: number;
  readonly retry: RetryOptions;
  /** A watch of the prefix from `revision`. */
  openStream(revision: number, handlers: EtcdWatchStreamHandlers): EtcdWatchStream;
  /** A watch of the instance's canary record from `revision`; absent when the source takes part in no canary. */
  openCanaryStream?(revision: number, handlers: EtcdWatchStreamHandlers): EtcdWatchStream;
  /** The key prefix that events carry (bytes), to be stripped from their keys. */
  readonly eventPrefix: Buffer;
  readPrefix(): Promise<PrefixRead>;
  /** Rejects when the source can no longer read its prefix. */
  checkAccess(): Promise<void>;
  sourceError(action: string, error: unknown): ConfigSourceError;
}
