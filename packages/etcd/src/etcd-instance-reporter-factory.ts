import { ConfigCenterError, instanceIdentity, type RetryOptions } from '@config-center/core/source-kit';
import type { Namespace } from 'etcd3';
import { canaryReleaseKey, controlPrefixFor, instanceReportKey } from './etcd-control-prefix';
import type { EtcdInstanceReportOptions } from './etcd-instance-report-options.interface';
import { EtcdInstanceReporter, type EtcdInstanceReporterSettings } from './etcd-instance-reporter';

/** What a source passes on to its reporter: its prefix, its request deadline and its backoff. */
export interface EtcdReporterContext {
  readonly prefix: string;
  readonly requestTimeoutMs: number;
  readonly retry: RetryOptions;
  /** The canary the source serves now, for the report. */
  readonly canary?: EtcdInstanceReporterSettings['canary'];
}

const DEFAULT_TTL_SECONDS = 10;
/**
 * How much shorter than `ttlSeconds` the record's lease is. etcd revokes expired leases in a sweep
 * every 500 ms, and the revoke is one raft round: with a lease one second shorter, a dead
 * instance's record is gone within `ttlSeconds` of its death, however recent its last keep-alive.
 */
const EXPIRY_MARGIN_SECONDS = 1;
/** etcd's shortest lease with its default election timeout (it raises a shorter TTL to this). */
const MIN_LEASE_SECONDS = 2;
const MIN_TTL_SECONDS = MIN_LEASE_SECONDS + EXPIRY_MARGIN_SECONDS;
const DEFAULT_MIN_WRITE_INTERVAL_MS = 500;

/**
 * The reporter of a source given `report` (checked: the TTL, the interval, the id and the labels,
 * each error naming the option), or `undefined` when reports are off.
 */
export function instanceReporterFor(
  options: EtcdInstanceReportOptions | undefined,
  client: Namespace,
  context: EtcdReporterContext,
): EtcdInstanceReporter | undefined {
  if (!options) return undefined;
  const { ttlSeconds = DEFAULT_TTL_SECONDS, minWriteIntervalMs = DEFAULT_MIN_WRITE_INTERVAL_MS } = options;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < MIN_TTL_SECONDS) {
    throw new ConfigCenterError(`EtcdConfigSource report.ttlSeconds must be a whole number of seconds, at least ${MIN_TTL_SECONDS}`);
  }
  if (!Number.isFinite(minWriteIntervalMs) || minWriteIntervalMs < 0) {
    throw new ConfigCenterError('EtcdConfigSource report.minWriteIntervalMs must be a number of milliseconds, 0 or more');
  }
  const identity = instanceIdentity(options);
  const controlPrefix = controlPrefixFor(context.prefix, options.controlPrefix);
  const key = instanceReportKey(controlPrefix, identity.instanceId);
  const { requestTimeoutMs, retry, canary } = context;
  const canaryKey = canaryReleaseKey(controlPrefix);
  const leaseSeconds = ttlSeconds - EXPIRY_MARGIN_SECONDS;
  return new EtcdInstanceReporter(client, { key, identity, leaseSeconds, minWriteIntervalMs, requestTimeoutMs, retry, canaryKey, canary });
}
