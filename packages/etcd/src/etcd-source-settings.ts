import { ConfigCenterError, type RetryOptions } from '@config-center/core';
import type { EtcdConfigSourceOptions } from './etcd-config-source-options.interface';

const DEFAULT_RETRY: RetryOptions = { initialDelayMs: 100, maxDelayMs: 5000, factor: 2 };

/** The options of an `EtcdConfigSource` checked, with the prefix normalised and every default applied. */
export interface EtcdSourceSettings {
  /** The prefix read and watched, always ending in `/`. */
  readonly prefix: string;
  readonly name: string;
  readonly retry: RetryOptions;
  readonly requestTimeoutMs: number;
  readonly keepaliveMs: number;
  readonly dialTimeoutMs: number;
  readonly reconcileIntervalMs: number;
  readonly accessCheckIntervalMs: number;
}

/**
 * Checks the options a source is constructed with and applies the defaults the package README
 * documents, in one place: a source without a prefix, or without hosts and client, is refused
 * before anything connects; `/app` becomes `/app/`, so it does not match `/apple/`.
 */
export function etcdSourceSettings(options: EtcdConfigSourceOptions): EtcdSourceSettings {
  if (typeof options.prefix !== 'string' || !options.prefix || options.prefix === '/') {
    throw new ConfigCenterError('EtcdConfigSource needs a non-empty `prefix` such as /configs/my-service/');
  }
  if (!options.client && !(typeof options.hosts === 'string' ? options.hosts : options.hosts?.length)) {
    throw new ConfigCenterError('EtcdConfigSource needs `hosts` (one endpoint or many) or an etcd3 `client`');
  }
  const prefix = options.prefix.endsWith('/') ? options.prefix : `${options.prefix}/`;
  return {
    prefix,
    name: options.name ?? `etcd:${prefix}`,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    keepaliveMs: options.keepaliveMs ?? 10_000,
    dialTimeoutMs: options.dialTimeoutMs ?? 5000,
    reconcileIntervalMs: options.reconcileIntervalMs ?? 300_000,
    accessCheckIntervalMs: options.accessCheckIntervalMs ?? 30_000,
  };
}
