import { GRPCOutOfRangeError, Range, type IKeyValue, type MultiRangeBuilder, type Namespace } from 'etcd3';

/** Every key under a prefix, read page by page at one etcd revision. */
export interface PagedPrefixRead {
  /** The keys and values in key order. */
  readonly kvs: readonly IKeyValue[];
  /** The revision every page was read at. */
  readonly revision: string;
  /** The id of the etcd cluster that answered (as in a response header). */
  readonly clusterId: string;
}

/** Every key name under a prefix, without values, read page by page at one etcd revision. */
export interface PagedPrefixKeys {
  /** The keys in key order. */
  readonly keys: readonly Buffer[];
  readonly revision: string;
  readonly clusterId: string;
}
/** How a paged read sizes its pages. */
export interface PagedReadOptions {
  /**
   * How many keys the first page asks for, when nothing is known of their size yet: what keeps it
   * under gRPC's 4 MiB message with the largest record the caller's kind of data can hold. Default 64.
   */
  readonly firstPage?: number;
  /** The bytes a later page aims at, given the largest key and value seen so far. Default 1 MiB. */
  readonly pageBytes?: number;
  /** When the whole read must be done (epoch ms): the deadline of every request it sends. */
  readonly deadline?: number;
}

/**
 * The first page of a read of keys that may each hold etcd's largest value: two values of its
 * largest request (`--max-request-bytes`, 1.5 MiB by default) fit in gRPC's 4 MiB message. Later
 * pages are sized by the largest record seen. For a config prefix and the CLI's history.
 */
export const FIRST_PAGE_OF_LARGE_VALUES = 2;

const DEFAULT_FIRST_PAGE = 64;
/** A quarter of gRPC's default 4 MiB receive limit: room for a later record four times the largest seen. */
const DEFAULT_PAGE_BYTES = 1024 * 1024;
/** The most keys one page asks for, however small they are. */
const MAX_PAGE = 1000;
/** How often a read starts over when its revision was compacted between two pages. */
const MAX_ATTEMPTS = 3;

/**
 * Reads every key under `prefix` in pages (`limit` plus a range starting after the last key read),
 * so a prefix of any size stays under gRPC's 4 MiB message limit (RESOURCE_EXHAUSTED past it).
 * Every page after the first is read at the first page's revision, so the whole read is one
 * consistent state; when etcd compacted that revision meanwhile, the read starts over. A page's
 * size follows the largest record seen so far (`pageBytes`). Only etcd3's public builders are used.
 *
 * @example
 * ```ts
 * const { kvs, revision } = await readPrefixPaged(client, '/config-center/control/orders/instances/');
 * ```
 */
export function readPrefixPaged(client: Namespace, prefix: string | Buffer, options: PagedReadOptions = {}): Promise<PagedPrefixRead> {
  return startingOver(async () => {
    const read = await readPages(client, Range.prefix(prefix), options, undefined, async (builder) => {
      const { kvs, header, more } = await builder.exec();
      return { kvs, revision: header.revision, clusterId: String(header.cluster_id), more };
    });
    return { kvs: read.kvs, revision: read.revision, clusterId: read.clusterId };
  });
}

/**
 * The key names under `prefix`, without their values, read as `readPrefixPaged` reads: for a
 * listing of records too large to load (the history's versions). A keys-only page carries no
 * revision, so the revision is taken from a read of the prefix's own key first.
 */
export function readPrefixKeysPaged(client: Namespace, prefix: string | Buffer, options: PagedReadOptions = {}): Promise<PagedPrefixKeys> {
  return startingOver(async () => {
    const range = Range.prefix(prefix);
    const { header } = await client.get(range.start).options(callOptions(options)).exec();
    const { revision } = header;
    const clusterId = String(header.cluster_id);
    const read = await readPages(client, range, options, revision, async (builder, limit) => {
      const keys = await builder.keyBuffers();
      return { kvs: keys.map((key) => ({ key, value: EMPTY })), revision, clusterId, more: keys.length === limit };
    });
    return { keys: read.kvs.map(({ key }) => key), revision, clusterId };
  });
}

const EMPTY = Buffer.alloc(0);

/** What one page brought: its keys (with values, or empty ones), the revision it was read at, and whether more follow. */
interface Page<T extends { key: Buffer; value: Buffer }> {
  readonly kvs: readonly T[];
  readonly revision: string;
  readonly clusterId: string;
  readonly more: boolean;
}

type PageRequest<T extends { key: Buffer; value: Buffer }> = (builder: MultiRangeBuilder, limit: number) => Promise<Page<T>>;

/** Runs `read` again when the revision it pinned was compacted, at most `MAX_ATTEMPTS` times in all. */
async function startingOver<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isCompacted(error)) throw error;
    }
  }
}

/** Every page of `range`, the first at `revision` (or the latest), the others at the first's revision. */
async function readPages<T extends { key: Buffer; value: Buffer }>(
  client: Namespace,
  range: Range,
  options: PagedReadOptions,
  revision: string | undefined,
  request: PageRequest<T>,
): Promise<{ kvs: T[]; revision: string; clusterId: string }> {
  const { firstPage = DEFAULT_FIRST_PAGE, pageBytes = DEFAULT_PAGE_BYTES } = options;
  const kvs: T[] = [];
  let start = range.start;
  let limit = firstPage;
  let largest = 1;
  for (;;) {
    const builder = client.getAll().inRange({ start, end: range.end }).limit(limit).options(callOptions(options));
    const page = await request(revision === undefined ? builder : builder.revision(revision), limit);
    revision ??= page.revision;
    kvs.push(...page.kvs);
    if (!page.more || !page.kvs.length) return { kvs, revision, clusterId: page.clusterId };
    for (const { key, value } of page.kvs) largest = Math.max(largest, key.length + value.length);
    limit = Math.max(1, Math.min(MAX_PAGE, Math.floor(pageBytes / largest)));
    start = Buffer.concat([page.kvs[page.kvs.length - 1].key, Buffer.from([0])]);
  }
}

/** The call options of every request: the read's deadline when it has one, else the client's defaults. */
function callOptions({ deadline }: PagedReadOptions): { deadline: number } | undefined {
  return deadline === undefined ? undefined : { deadline };
}

/** etcd compacted the revision a page asked for (gRPC OUT_OF_RANGE, "required revision has been compacted"). */
function isCompacted(error: unknown): boolean {
  return error instanceof GRPCOutOfRangeError && /compacted/.test(error.message);
}
