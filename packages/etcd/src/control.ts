/**
 * `@config-center/etcd/control`: what an operator's tool reads and writes under the control
 * prefix — the prefix rule, canary releases and their membership, instance reports (read once or
 * followed, and the size cap of one) — the paged read of a prefix of any size, and how an etcd
 * failure is told apart, without loading `EtcdConfigSource` (and with it rxjs and the core's Nest
 * module). The `config-center` CLI publishes through it; the main entry exports the same.
 */
export {
  controlPrefixFor,
  DEFAULT_CONTROL_ROOT,
  instanceReportKey,
  instanceReportsPrefix,
  canaryReleaseKey,
  CANARY_FOLDER,
} from './etcd-control-prefix';
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
  FIRST_PAGE_OF_LARGE_VALUES,
  readPrefixKeysPaged,
  readPrefixPaged,
  type PagedPrefixKeys,
  type PagedPrefixRead,
  type PagedReadOptions,
} from './paged-prefix-read';
export { readInstanceReports, type InstanceReportProblem, type InstanceReportsRead } from './read-instance-reports';
export { followInstanceReports, type InstanceReportsFollow, type InstanceReportsListener } from './follow-instance-reports';
export { diagnoseEtcdError, type EtcdFailure, type EtcdFailureKind } from './etcd-failure-diagnosis';
export {
  ETCD_FAILURE_WORDING,
  etcdFailureReason,
  type EtcdCallScope,
  type EtcdConnectionFacts,
  type EtcdSettingNames,
  type EtcdWordingContext,
} from './etcd-failure-wording';
export { canaryPoint, isCanaryMember, type CanaryCandidate } from './canary-membership';
export { CANARY_RELEASE_FORMAT, isCanarySelector, parseCanaryRelease, type CanaryRelease, type CanarySelector } from './canary-release';
export { createGatedEtcdClient, defaultEtcdHostPolicy, type GatedEtcdClient } from './gated-etcd-client';
