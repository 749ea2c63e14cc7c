import type { Etcd3 } from 'etcd3';

/** etcd's state under a prefix, read at one revision. */
export interface EtcdPrefixState {
  readonly revision: number;
  /** The tree the source should serve: keys split on `/` (`.json` dropped), `.json` documents and JSON objects parsed, other values text. */
  readonly tree: Record<string, unknown>;
  readonly keys: number;
}

/**
 * Reads the prefix in one request and maps it the simple way the fault tests need (keys that do
 * not overlap, text values, JSON objects and `.json` documents), independently of the source's own mapping code.
 */
export async function readEtcdState(client: Etcd3, prefix: string): Promise<EtcdPrefixState> {
  const response = await client.getAll().prefix(prefix).exec();
  const tree: Record<string, unknown> = {};
  for (const kv of response.kvs) {
    const key = kv.key.toString().slice(prefix.length);
    const segments = key.replace(/\.json$/, '').split('/');
    let node = tree;
    for (const segment of segments.slice(0, -1)) node = (node[segment] ??= {}) as Record<string, unknown>;
    const text = kv.value.toString();
    node[segments[segments.length - 1]] = key.endsWith('.json') || /^[[{]/.test(text) ? JSON.parse(text) : text;
  }
  return { revision: Number(response.header.revision), tree, keys: response.kvs.length };
}
