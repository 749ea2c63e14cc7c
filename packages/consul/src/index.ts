export { ConsulConfigSource } from './consul-config-source';
export type {
  ConsulBasicAuth,
  ConsulConfigSourceOptions,
  ConsulConsistency,
  ConsulRateLimit,
  ConsulTlsOptions,
} from './consul-config-source-options.interface';
export { consulEntriesToTree, type ConsulKvEntry } from './consul-kv-mapping';
