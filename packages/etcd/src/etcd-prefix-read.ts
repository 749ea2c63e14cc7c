import { EtcdInvalidAuthTokenError, isRecoverableError, Range, type Namespace } from 'etcd3';
import type { KeyChange } from './etcd-key-index';
import { decodeRangeResponse, UndecodableRangeResponse } from './etcd-range-response';
import { toKeyChange } from './etcd-revision-batches';

/** The whole prefix as one read at one revision. */
export interface PrefixRead {
  readonly revision: number;
  readonly keys: readonly KeyChange[];
}

/** The part of a gRPC client of etcd's KV service that a direct read uses. */
interface KvServiceClient {
  makeUnaryRequest(
    method: string,
    serialize: (request: object) => Buffer,
    deserialize: (bytes: Buffer) => Buffer,
    request: object,
    metadata: unknown,
    options: { deadline: number },
    callback: (error: Error | null, bytes?: Buffer) => void,
  ): unknown;
  readonly range?: { readonly path?: unknown; readonly requestSerialize?: unknown };
}

/** etcd3's connection pool, as far as a direct read uses it. */
interface KvConnections {
  withConnection<T>(service: 'KV', call: (connection: { client: KvServiceClient; metadata: unknown }) => Promise<T>): Promise<T>;
}

/**
 * Reads every key under `prefix` in one range request at one revision, by `deadline` (epoch ms).
 *
 * The request is the one etcd3's `getAll().prefix(prefix).exec()` sends, over the same connection
 * (endpoint choice, failover, auth, TLS) and with etcd3's errors, but the response is decoded here
 * (`decodeRangeResponse`): only the key, value and mod revision of each key. etcd3 decodes every
 * field of every key into objects and turns each 64-bit number into a string, which for 10,000
 * keys is most of the read's time. Should etcd3's connection pool not be reachable or usable
 * (another release, a mocked client) or the response not decode, and for the errors etcd3 itself
 * retries (an unavailable endpoint, an expired auth token), the read is made through etcd3 after all.
 */
export async function readPrefix(client: Namespace, prefix: string, deadline: number): Promise<PrefixRead> {
  const connections = kvConnections(client);
  if (connections) {
    try {
      return await readDirectly(connections, prefixKey(client, prefix), deadline);
    } catch (error) {
      if (!handedOver(error)) throw error;
    }
  }
  return readThroughEtcd3(client, prefix, deadline);
}

/** The read as etcd3 makes and decodes it. */
export async function readThroughEtcd3(client: Namespace, prefix: string, deadline: number): Promise<PrefixRead> {
  const response = await client.getAll().prefix(prefix).options({ deadline }).exec();
  const keys: KeyChange[] = [];
  for (const kv of response.kvs) {
    const change = toKeyChange(kv, prefix);
    if (change) keys.push(change);
  }
  return { revision: Number(response.header.revision), keys };
}

/** The read with the response decoded here; `key` is the prefix with the client's namespace. */
export function readDirectly(connections: KvConnections, key: Buffer, deadline: number): Promise<PrefixRead> {
  return connections.withConnection('KV', ({ client, metadata }) => {
    const method = client.range;
    if (
      typeof client.makeUnaryRequest !== 'function' ||
      typeof method?.path !== 'string' ||
      typeof method.requestSerialize !== 'function'
    ) {
      throw new UndecodableRangeResponse("etcd3's KV client does not have the shape of a gRPC client");
    }
    const serialize = method.requestSerialize as (request: object) => Buffer;
    const request = { key, range_end: Range.prefix(key).end };
    return new Promise<PrefixRead>((resolve, reject) => {
      client.makeUnaryRequest(method.path as string, serialize, keepBytes, request, metadata, { deadline }, (error, bytes) => {
        if (error || !bytes) reject(error ?? new UndecodableRangeResponse('the range call returned no response'));
        else settle(resolve, reject, () => decodeRangeResponse(bytes, key));
      });
    });
  });
}

/** The key of `prefix` as etcd stores it: with the namespace of `client` in front. */
export function prefixKey(client: Namespace, prefix: string): Buffer {
  return Buffer.concat([client.prefix, Buffer.from(prefix, 'utf8')]);
}

/** etcd3's connection pool of `client`, when it has one a direct read can use. */
export function kvConnections(client: Namespace): KvConnections | undefined {
  const pool = (client as unknown as { pool?: Partial<KvConnections> }).pool;
  return typeof pool?.withConnection === 'function' ? (pool as KvConnections) : undefined;
}

function keepBytes(bytes: Buffer): Buffer {
  return bytes;
}

function settle<T>(resolve: (value: T) => void, reject: (error: unknown) => void, produce: () => T): void {
  try {
    resolve(produce());
  } catch (error) {
    reject(error);
  }
}

/**
 * Whether a failed direct read is made through etcd3 instead: a response that does not decode, a
 * pool or client of another shape (a `TypeError`: a mocked client's pool has no connections), and
 * the errors etcd3's own read retries (on another endpoint, or with a fresh auth token).
 */
function handedOver(error: unknown): boolean {
  if (error instanceof UndecodableRangeResponse || error instanceof TypeError || error instanceof EtcdInvalidAuthTokenError) return true;
  return typeof error === 'object' && error !== null && isRecoverableError(error as Error);
}
