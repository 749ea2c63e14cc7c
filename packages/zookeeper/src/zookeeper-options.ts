import { ConfigCenterError, type InputLimits, type RetryOptions } from '@config-center/core';
import { DEFAULT_INPUT_LIMITS } from '@config-center/core/source-kit';
import type { ZooKeeperAuth, ZooKeeperConfigSourceOptions } from './zookeeper-config-source-options.interface';

/** The options of a `ZooKeeperConfigSource`, checked and with every default filled in. */
export interface ResolvedZooKeeperOptions {
  readonly name: string;
  readonly connect: string;
  /** The root znode, without a trailing `/` (`/` itself stays `/`). */
  readonly root: string;
  readonly sessionTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly auth: ZooKeeperAuth | undefined;
  readonly retry: RetryOptions;
  readonly limits: Required<InputLimits>;
}

/** Checks `options` and fills in the defaults; throws a `ConfigCenterError` naming the bad option. */
export function resolveZooKeeperOptions(options: ZooKeeperConfigSourceOptions): ResolvedZooKeeperOptions {
  const { connect, auth } = options;
  if (!connect || /[/@\s]/.test(connect)) {
    throw new ConfigCenterError(`ZooKeeperConfigSource: 'connect' must be host:port[,host:port…] without a chroot or credentials`);
  }
  if (!/^\/([^/]+(\/[^/]+)*)?$/.test(options.root ?? '')) {
    throw new ConfigCenterError(`ZooKeeperConfigSource: 'root' must be an absolute znode path such as /configs/app, with no empty segment`);
  }
  if (auth && (auth.scheme !== 'digest' || !auth.credentials.includes(':'))) {
    throw new ConfigCenterError(`ZooKeeperConfigSource: 'auth' must be { scheme: 'digest', credentials: 'user:password' }`);
  }
  return {
    name: options.name ?? `zookeeper:${options.root}`,
    connect,
    root: options.root,
    sessionTimeoutMs: positive('sessionTimeoutMs', options.sessionTimeoutMs, 10_000),
    connectTimeoutMs: positive('connectTimeoutMs', options.connectTimeoutMs, 5000),
    requestTimeoutMs: positive('requestTimeoutMs', options.requestTimeoutMs, 5000),
    auth,
    retry: options.retry ?? { initialDelayMs: 200, maxDelayMs: 5000 },
    limits: { ...DEFAULT_INPUT_LIMITS, ...options.limits },
  };
}

function positive(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new ConfigCenterError(`ZooKeeperConfigSource: '${option}' must be a positive number of milliseconds`);
  return value;
}
