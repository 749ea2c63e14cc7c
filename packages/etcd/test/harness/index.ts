export { EtcdCluster, type EtcdClusterOptions } from './etcd-cluster';
export { EtcdMember, type EtcdMemberSpec, type EtcdMemberTls } from './etcd-member';
export { etcdBinary, etcdVersion } from './etcd-binary';
export { freePort } from './free-port';
export { TcpCutProxy as TcpProxy } from '@config-center/testing';
export { createTestCertificates, type TestCertificates } from './test-certificates';
export { sleep, waitFor, type WaitOptions } from './wait-for';
export { enableAuth, type EtcdTestUser } from './etcd-auth-setup';
