/**
 * `@config-center/core/source-kit`: what the author of a source adapter (etcd, Consul, your own)
 * needs, and apps do not: the source port, the one key→tree mapper and its held-back rule for
 * sources that read their whole key set, document parsing and input checks, `redact` for messages
 * and `hasUserInfo` to refuse an endpoint with credentials, `mergeSlices` for a source that merges
 * parts of its own in precedence order (Apollo's namespaces, Nacos dataIds) by the rule sources merge by, the retry backoff, `AbortableWatches` for sources that follow
 * their backend with one abortable loop per watch (long polls), the store
 * (`CONFIG_STORE` is its DI token) and the narrow port the conformance kit runs a source through,
 * and the instance reporter contract with the facts and identity a reporter publishes.
 */
export type * from './interfaces/config-source.interface';
export type { RetryOptions, InputLimits } from './interfaces/config-center-options.interface';
export * from './errors';
export {
  KeyMapper,
  type KeyMapperOptions,
  type KeyPath,
  type KeyValue,
  type KeyText,
  type LocatedValue,
  type MappedKeys,
} from './mapping/key-mapper';
export { WholeReadBatches, heldBackError, type ReadKey, type WholeRead } from './mapping/whole-read-batches';
export { parseDocument, formatOf, type DocumentFormat } from './parsing/parse-document';
export { valueOfText } from './parsing/value-text';
export { mergeSlices } from './tree/merge-trees';
export { hasUserInfo, redact } from './status/redact';
export { findInputProblem, findPathProblem } from './parsing/check-tree';
export { DEFAULT_INPUT_LIMITS } from './parsing/input-limits';
export { backoffDelay } from './util/backoff';
export { AbortableWatches } from './sources/abortable-watches';
export { ConfigStore } from './store/config-store';
export type { ConfigStorePort } from './store/config-store-port';
export { openConfigStore } from './store/open-config-store';
export { CONFIG_STORE } from './config-center.constants';
export type { ConfigSnapshot } from './store/config-snapshot';
export type * from './reporting/instance-facts.interface';
export type { InstanceReporter } from './reporting/instance-reporter.interface';
export { instanceIdentity, checkedLabels, type InstanceIdentity, type InstanceIdentityOptions } from './reporting/instance-identity';
export { MAX_RECENT_REJECTIONS, MAX_ISSUES_PER_FACT } from './reporting/instance-facts';
