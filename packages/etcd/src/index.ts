export { EtcdConfigSource } from './etcd-config-source';
export type { EtcdAuthOptions, EtcdConfigSourceOptions, EtcdTlsOptions } from './etcd-config-source-options.interface';
export { keyPath, mapKey, type KeyPath, type MappedKey } from './etcd-key-mapping';
export type { EtcdWatchStream, EtcdWatchStreamHandlers } from './etcd-watch-stream';
