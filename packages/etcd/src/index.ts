export { EtcdConfigSource } from './etcd-config-source';
export type { EtcdAuthOptions, EtcdConfigSourceOptions, EtcdTlsOptions } from './etcd-config-source-options.interface';
export { keyPath, mapKey, type KeyPath, type MappedKey } from './etcd-key-mapping';
export type { EtcdAnswerHeader, EtcdWatchStream, EtcdWatchStreamHandlers, EtcdWatchTarget } from './etcd-watch-stream';
export type { EtcdInstanceReportOptions } from './etcd-instance-report-options.interface';
export { EtcdInstanceReporter, type EtcdInstanceReporterSettings } from './etcd-instance-reporter';
// What an operator's tool needs under the control prefix: the light entry's list, owned there.
export * from './control';
