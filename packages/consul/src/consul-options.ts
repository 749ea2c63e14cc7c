import { ConfigCenterError, type RetryOptions } from '@config-center/core';
import { hasUserInfo } from '@config-center/core/source-kit';
import type {
  ConsulBasicAuth,
  ConsulConfigSourceOptions,
  ConsulConsistency,
  ConsulTlsOptions,
} from './consul-config-source-options.interface';

/** Consul's default blocking wait: 5 minutes. */
export const DEFAULT_WAIT_MS = 5 * 60_000;
/** Consul's longest blocking wait: 10 minutes. */
export const MAX_WAIT_MS = 10 * 60_000;

/** The options of a `ConsulConfigSource`, checked and with every default filled in. */
export interface ResolvedConsulOptions {
  readonly name: string;
  /** The agent address (never with user info). */
  readonly url: URL;
  /** The agent address without its query and fragment, for messages. */
  readonly displayUrl: string;
  readonly prefix: string;
  readonly token: string | undefined;
  readonly basicAuth: ConsulBasicAuth | undefined;
  readonly datacenter: string | undefined;
  readonly consistency: ConsulConsistency;
  readonly waitMs: number;
  readonly tls: ConsulTlsOptions | undefined;
  readonly burst: number;
  readonly perSecond: number;
  readonly retry: Required<RetryOptions>;
  readonly requestTimeoutMs: number;
  readonly fullReadIntervalMs: number;
}

/** Checks the options and fills in the defaults; throws a `ConfigCenterError` on a bad option. */
export function resolveConsulOptions(options: ConsulConfigSourceOptions): ResolvedConsulOptions {
  const url = parseUrl(options.url ?? 'http://127.0.0.1:8500');
  const prefix = normalizePrefix(options.prefix);
  const consistency = options.consistency ?? 'default';
  if (!['default', 'consistent', 'stale'].includes(consistency)) {
    throw new ConfigCenterError(`Consul source: consistency must be 'default', 'consistent' or 'stale', not '${consistency}'`);
  }
  const waitMs = options.wait === undefined ? DEFAULT_WAIT_MS : parseWait(options.wait);
  if (!(waitMs > 0 && waitMs <= MAX_WAIT_MS)) {
    throw new ConfigCenterError(`Consul source: wait must be more than 0 and at most 10 minutes (Consul's limit)`);
  }
  const { burst = 2, perSecond = 1 } = options.rateLimit ?? {};
  if (!(burst >= 1 && perSecond > 0)) throw new ConfigCenterError('Consul source: rateLimit needs burst >= 1 and perSecond > 0');
  return {
    name: options.name ?? `consul:${prefix}`,
    url,
    displayUrl: withoutQuery(url),
    prefix,
    token: options.token || undefined,
    basicAuth: options.basicAuth,
    datacenter: options.datacenter || undefined,
    consistency,
    waitMs,
    tls: options.tls,
    burst,
    perSecond,
    retry: { initialDelayMs: 500, maxDelayMs: 5_000, factor: 2, ...options.retry },
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    fullReadIntervalMs: options.fullReadIntervalMs ?? 0,
  };
}

/** `configs/app` and `/configs/app/` both become `configs/app/`; `''` stays the whole KV. */
export function normalizePrefix(prefix: string): string {
  if (typeof prefix !== 'string') throw new ConfigCenterError('Consul source: prefix is required (use "" for the whole KV)');
  const trimmed = prefix.replace(/^\/+/, '');
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

/** Milliseconds from a number, or from a Consul (Go) duration such as `'90s'`, `'5m'`, `'1m30s'`. */
export function parseWait(wait: number | string): number {
  if (typeof wait === 'number') return wait;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...wait.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (!parts.length || parts.map((part) => part[0]).join('') !== wait) {
    throw new ConfigCenterError(`Consul source: wait '${wait}' is not a duration such as '30s' or '5m'`);
  }
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * units[unit], 0);
}

function parseUrl(text: string): URL {
  if (hasUserInfo(text)) {
    throw new ConfigCenterError(
      'Consul source: url carries a user name or password: give the address alone, the ACL token as `token` and, ' +
        'for a proxy that asks for basic auth, `basicAuth: { username, password }`',
    );
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigCenterError('Consul source: url is not a valid URL (expected e.g. http://127.0.0.1:8500)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigCenterError(`Consul source: url must be http:// or https://, not ${url.protocol}//`);
  }
  return url;
}

/** The address as it may appear in messages: no query or fragment. */
function withoutQuery(url: URL): string {
  const copy = new URL(url.href);
  copy.search = '';
  copy.hash = '';
  return copy.href.replace(/\/$/, '');
}
