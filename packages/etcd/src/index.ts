export { EtcdConfigSource } from './etcd-config-source';
export type { EtcdAuthOptions, EtcdConfigSourceOptions, EtcdTlsOptions } from './etcd-config-source-options.interface';
export { keyPath, mapKey, type KeyPath, type MappedKey } from './etcd-key-mapping';
export type { EtcdAnswerHeader, EtcdWatchStream, EtcdWatchStreamHandlers, EtcdWatchTarget } from './etcd-watch-stream';
export { controlPrefixFor, DEFAULT_CONTROL_ROOT, instanceReportKey, instanceReportsPrefix } from './etcd-control-prefix';
export type { EtcdInstanceReportOptions } from './etcd-instance-report-options.interface';
export { EtcdInstanceReporter, type EtcdInstanceReporterSettings } from './etcd-instance-reporter';
export {
  INSTANCE_REPORT_FORMAT,
  MAX_INSTANCE_REPORT_BYTES,
  parseInstanceReport,
  type InstanceCanaryFact,
  type InstanceReport,
  type InstanceReportOmissions,
} from './instance-report';
export { boundedInstanceReport, MAX_TEXT_CHARS } from './bounded-instance-report';
export {
  readPrefixKeysPaged,
  readPrefixPaged,
  type PagedPrefixKeys,
  type PagedPrefixRead,
  type PagedReadOptions,
} from './paged-prefix-read';
export { readInstanceReports, type InstanceReportProblem, type InstanceReportsRead } from './read-instance-reports';
export { diagnoseEtcdError, type EtcdFailure, type EtcdFailureKind } from './etcd-source-errors';
export { canaryReleaseKey, CANARY_FOLDER } from './etcd-control-prefix';
export { canaryPoint, isCanaryMember, type CanaryCandidate } from './canary-membership';
export { CANARY_RELEASE_FORMAT, isCanarySelector, parseCanaryRelease, type CanaryRelease, type CanarySelector } from './canary-release';
export { followInstanceReports, type InstanceReportsFollow, type InstanceReportsListener } from './follow-instance-reports';
export { createGatedEtcdClient, defaultEtcdHostPolicy, type GatedEtcdClient } from './gated-etcd-client';
