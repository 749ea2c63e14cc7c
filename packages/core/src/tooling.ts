/**
 * `@config-center/core/tooling`: what tools outside an app — the `config-center` CLI, a CI check,
 * a script — need to read and validate config exactly as the app would, without loading Nest or
 * rxjs: `checkConfig` (the startup's input checks, merge and section binding, as pure functions, and the
 * top-level keys no section covers, named as the app's log names them: `uncoveredKeyText`),
 * `readFileConfig` (what a `FileConfigSource` reads from a file or a ConfigMap directory),
 * `loadWithin` (a source's load under the startup's timeout), the key mapper, document parsing,
 * the errors, `redact` for messages and `hasUserInfo` to refuse an endpoint that carries
 * credentials. Sections come from `@config-center/core/sections`.
 */
export * from './errors';
export type { ConfigTree, LeftOutKey, LoadedConfig, ConfigSource } from './interfaces/config-source.interface';
export type { InputLimits } from './interfaces/config-center-options.interface';
export type { UncoveredKey } from './interfaces/config-status.interface';
export { checkConfig, type ConfigCheck, type ConfigCheckOptions, type ConfigLayer, type SectionCheck } from './store/check-config';
export { loadWithin } from './store/load-within';
export { uncoveredKeyText } from './store/key-coverage';
export { readFileConfig, fileSourceName, type FileConfig, type FileConfigLocation } from './sources/file-config-read';
export {
  KeyMapper,
  type KeyMapperOptions,
  type KeyPath,
  type KeyValue,
  type KeyText,
  type LocatedValue,
  type MappedKeys,
} from './mapping/key-mapper';
export { parseDocument, formatOf, yamlReadOptions, type DocumentFormat, type YamlReadOptions } from './parsing/parse-document';
export { DEFAULT_INPUT_LIMITS } from './parsing/input-limits';
export { hasUserInfo, redact } from './status/redact';
export { checkedLabels } from './reporting/instance-identity';
