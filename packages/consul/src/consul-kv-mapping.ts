import { WholeReadBatches, type LeftOutKey, type MappedKeys, type ReadKey, type WholeRead } from '@config-center/core/source-kit';

/** One entry of a `GET /v1/kv/<prefix>?recurse` response, as Consul documents it. */
export interface ConsulKvEntry {
  readonly Key: string;
  /** Base64 of the value; `null` for a key stored with no value. */
  readonly Value: string | null;
  readonly CreateIndex: number;
  readonly ModifyIndex: number;
  readonly LockIndex?: number;
  readonly Flags?: number;
  readonly Session?: string;
}

/** A folder: a key ending in `/`, as the Consul UI and `consul kv put dir/` create. It holds no config. */
export function isFolder(key: string): boolean {
  return key.endsWith('/');
}

/**
 * The config tree of the keys under `prefix` read afresh, by the core's key mapper (DESIGN.md
 * section 4), the same tree the same keys give from etcd, env or a mount: each key's remainder split
 * on `/` into a path; a value keeps its text (a JSON object or array is that structure); a key ending
 * in `.json`, `.yaml` or `.yml` holds a document mounted at the path without the extension, and keys
 * below it overlay it; of keys on one path the last in key order wins. Folders are ignored. A key
 * that cannot be mapped (a forbidden or empty segment, too deep or long, a malformed document, bytes
 * that are not UTF-8) is left out and listed in `problems`, named by its full key, never its value.
 */
export function consulEntriesToTree(entries: readonly ConsulKvEntry[], prefix: string): MappedKeys {
  return new ConsulKvBatches(prefix).load(entries);
}

/**
 * The batches of a source's listings of `prefix`: a fresh load as `consulEntriesToTree` maps it,
 * then one batch per changed listing (one Consul index), held back whole when it changed a key to
 * one that cannot be read, as an etcd revision is (`WholeReadBatches`): the listing's readable keys
 * come with the next batch, and the key keeps its last good value until it is fixed or deleted.
 */
export class ConsulKvBatches {
  private readonly batches = new WholeReadBatches();

  constructor(private readonly prefix: string) {}

  /** Starts over from a fresh listing: its tree, and every key left out with why. */
  load(entries: readonly ConsulKvEntry[]): MappedKeys {
    const { tree, problems } = this.batches.load(this.readKeys(entries));
    return { tree, problems: this.named(problems) };
  }

  /** The batch a later listing makes: its tree, or `held` with the changed keys that cannot be read. */
  next(entries: readonly ConsulKvEntry[]): WholeRead {
    const batch = this.batches.next(this.readKeys(entries));
    return batch.held ? { held: true, problems: this.named(batch.problems) } : batch;
  }

  private readKeys(entries: readonly ConsulKvEntry[]): ReadKey[] {
    const keys: ReadKey[] = [];
    for (const { Key, Value } of entries) {
      if (isFolder(Key) || !Key.startsWith(this.prefix)) continue;
      keys.push({ key: Key.slice(this.prefix.length), raw: Value === null ? Buffer.alloc(0) : Buffer.from(Value, 'base64') });
    }
    return keys;
  }

  /** Problems named by the full key. */
  private named(problems: readonly LeftOutKey[]): LeftOutKey[] {
    return problems.map(({ key, problem }) => ({ key: `${this.prefix}${key}`, problem }));
  }
}
