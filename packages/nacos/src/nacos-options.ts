import type { RetryOptions } from '@config-center/core';
import { ConfigCenterError, findPathProblem, formatOf, type DocumentFormat } from '@config-center/core/source-kit';
import type { NacosConfigSourceOptions } from './nacos-config-source-options.interface';

/** How a dataId's content is read: a document format, `properties`, or text at its path. */
export type NacosContentKind = DocumentFormat | 'properties' | 'text';

/** One dataId as the source watches it. */
export interface NacosDataIdSpec {
  readonly dataId: string;
  readonly group: string;
  readonly path: readonly string[];
  readonly kind: NacosContentKind;
  /** How messages name it: `group/dataId`. */
  readonly label: string;
}

/** The options with their defaults, checked. */
export interface ResolvedNacosOptions {
  readonly name: string;
  /** The servers in failover order: gRPC `host:port`, and the main `host:port` that login goes to. */
  readonly targets: readonly { readonly grpc: string; readonly main: string }[];
  /** Nacos auth, when given. */
  readonly credentials: { readonly username: string; readonly password: string } | undefined;
  readonly namespace: string;
  readonly dataIds: readonly NacosDataIdSpec[];
  readonly relistIntervalMs: number;
  readonly healthCheckIntervalMs: number;
  readonly requestTimeoutMs: number;
  readonly retry: RetryOptions;
}

/** Checks and completes the options; a mistake is thrown at construction, naming the option. */
export function resolveNacosOptions(options: NacosConfigSourceOptions): ResolvedNacosOptions {
  const namespace = options.namespace ?? '';
  const name = options.name ?? `nacos:${namespace || 'public'}`;
  const fail = (problem: string) => new ConfigCenterError(`Nacos source '${name}': ${problem}`);
  if ((options.username === undefined) !== (options.password === undefined)) throw fail('username and password go together');
  if (!options.servers?.length) throw fail('servers lists no server');
  if (!options.dataIds?.length) throw fail('dataIds lists no dataId');
  const targets = options.servers.map((server) => {
    const match = /^(.+):(\d+)$/.exec(server);
    if (!match) throw fail(`server '${server}' is not host:port`);
    return { grpc: `${match[1]}:${options.grpcPort ?? Number(match[2]) + 1000}`, main: server };
  });
  const group = options.group ?? 'DEFAULT_GROUP';
  const dataIds = options.dataIds.map((entry) => {
    const spec = typeof entry === 'string' ? { dataId: entry } : entry;
    const path = spec.path ? spec.path.split('.') : [];
    const problem = path.length ? findPathProblem(path) : undefined;
    if (problem) throw fail(`path of dataId '${spec.dataId}': ${problem}`);
    const kind: NacosContentKind = formatOf(spec.dataId) ?? (/\.properties$/i.test(spec.dataId) ? 'properties' : 'text');
    if (kind === 'text' && !path.length) throw fail(`dataId '${spec.dataId}' is not .yaml, .yml, .json or .properties and needs a path`);
    const dataGroup = spec.group ?? group;
    return { dataId: spec.dataId, group: dataGroup, path, kind, label: `${dataGroup}/${spec.dataId}` };
  });
  return {
    name,
    targets,
    credentials: options.username !== undefined ? { username: options.username, password: options.password ?? '' } : undefined,
    namespace,
    dataIds,
    relistIntervalMs: options.relistIntervalMs ?? 30_000,
    healthCheckIntervalMs: options.healthCheckIntervalMs ?? 5000,
    requestTimeoutMs: options.requestTimeoutMs ?? 5000,
    retry: options.retry ?? { initialDelayMs: 500, maxDelayMs: 5000 },
  };
}
