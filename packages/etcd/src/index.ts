export { EtcdConfigSource } from './etcd-config-source';
export type { EtcdAuthOptions, EtcdConfigSourceOptions, EtcdTlsOptions } from './etcd-config-source-options.interface';
export { keyPath, mapKey, type KeyPath, type MappedKey } from './etcd-key-mapping';
export type { EtcdWatchStream, EtcdWatchStreamHandlers } from './etcd-watch-stream';
export { controlPrefixFor, DEFAULT_CONTROL_ROOT, instanceReportKey, instanceReportsPrefix } from './etcd-control-prefix';
export type { EtcdInstanceReportOptions } from './etcd-instance-report-options.interface';
export { EtcdInstanceReporter, type EtcdInstanceReporterSettings } from './etcd-instance-reporter';
export { INSTANCE_REPORT_FORMAT, parseInstanceReport, type InstanceReport } from './instance-report';
export { readInstanceReports, type InstanceReportProblem, type InstanceReportsRead } from './read-instance-reports';
export {
  followInstanceReports,
  type InstanceReportsFollow,
  type InstanceReportsListener,
} from './follow-instance-reports';
