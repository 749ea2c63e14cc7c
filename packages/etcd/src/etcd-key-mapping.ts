import { KeyMapper, type KeyPath } from '@config-center/core/source-kit';

export type { KeyPath } from '@config-center/core/source-kit';

/** A key and its value as config: the path and parsed value, or the reason they cannot be used. */
export type MappedKey =
  | { readonly path: readonly string[]; readonly value: unknown; readonly problem?: undefined }
  | { readonly path?: readonly string[]; readonly value?: undefined; readonly problem: string };

/** The core's one key→tree mapper, with its default limits: etcd maps keys as every key-value source does. */
const mapper = new KeyMapper();

/**
 * The config path of a key relative to the prefix: its `/`-separated segments
 * (`rateLimit/limit` → `rateLimit.limit`). A key ending in `.json`, `.yaml` or `.yml` holds a
 * document mounted at its path without the extension (`db.yaml` → `db`).
 */
export function keyPath(key: string): KeyPath {
  return mapper.pathOf(key);
}

/**
 * Maps one key and its value to config, by the core's key mapper: a document key is parsed as
 * JSON or YAML; any other value keeps its text (a JSON object or array is that structure), checked
 * as config input (forbidden keys, depth, size). Never throws; problems name the path, never the value.
 */
export function mapKey(key: string, text: string): MappedKey {
  const located = mapper.pathOf(key);
  const mapped = mapper.valueOf(key, located, text);
  if (mapped.problem !== undefined) return { path: located.path, problem: mapped.problem };
  return { path: located.path!, value: mapped.value };
}
