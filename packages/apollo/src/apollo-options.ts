import { ConfigCenterError, type InputLimits, type RetryOptions } from '@config-center/core';
import { hasUserInfo } from '@config-center/core/source-kit';
import type { ApolloConfigSourceOptions } from './apollo-config-source-options.interface';

/** How a namespace's content is read: key by key, or one document. */
export type NamespaceFormat = 'properties' | 'yaml' | 'json';

/** A namespace the source reads, with the format its name gives it. */
export interface ApolloNamespace {
  /** The name as configured and as sent to the server. */
  readonly name: string;
  readonly format: NamespaceFormat;
}

/** The options of an `ApolloConfigSource`, checked and with every default filled in. */
export interface ResolvedApolloOptions {
  readonly name: string;
  readonly url: URL;
  readonly appId: string;
  readonly cluster: string;
  readonly namespaces: readonly ApolloNamespace[];
  readonly secret: string | undefined;
  readonly longPollTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly retry: RetryOptions;
  readonly limits: InputLimits | undefined;
}

/** Checks the options and fills in the defaults; throws a `ConfigCenterError` on a bad option (never quoting the secret). */
export function resolveApolloOptions(options: ApolloConfigSourceOptions): ResolvedApolloOptions {
  const url = parseUrl(options.configServerUrl);
  if (!options.appId) throw new ConfigCenterError('Apollo source: appId is required');
  const cluster = options.cluster || 'default';
  const names = options.namespaces ?? ['application'];
  if (!names.length) throw new ConfigCenterError(`Apollo source for app '${options.appId}': namespaces names no namespace`);
  if (new Set(names).size !== names.length) {
    throw new ConfigCenterError(`Apollo source for app '${options.appId}': namespaces lists a namespace twice`);
  }
  const longPollTimeoutMs = options.longPollTimeoutMs ?? 90_000;
  if (!(longPollTimeoutMs > 0)) throw new ConfigCenterError('Apollo source: longPollTimeoutMs must be more than 0');
  return {
    name: options.name ?? `apollo:${options.appId}/${cluster}`,
    url,
    appId: options.appId,
    cluster,
    namespaces: names.map((name) => ({ name, format: formatOfNamespace(options.appId, name) })),
    secret: options.secret || undefined,
    longPollTimeoutMs,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    retry: options.retry ?? {},
    limits: options.limits,
  };
}

/** The format a namespace's name gives it; Apollo's `xml` and `txt` namespaces hold no config tree. */
function formatOfNamespace(appId: string, name: string): NamespaceFormat {
  if (!name || name.includes('/')) throw new ConfigCenterError(`Apollo source for app '${appId}': '${name}' is not a namespace name`);
  const extension = /\.([a-z]+)$/i.exec(name)?.[1].toLowerCase();
  if (extension === 'yaml' || extension === 'yml') return 'yaml';
  if (extension === 'json') return 'json';
  if (extension === 'xml' || extension === 'txt') {
    throw new ConfigCenterError(
      `Apollo source for app '${appId}': namespace '${name}' is ${extension}, which holds no config tree; use properties, yaml or json`,
    );
  }
  return 'properties';
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigCenterError('Apollo source: configServerUrl is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigCenterError(`Apollo source: configServerUrl must be http:// or https://, not ${url.protocol}`);
  }
  if (hasUserInfo(url.href)) throw new ConfigCenterError('Apollo source: configServerUrl must not hold user info; use secret');
  return url;
}
