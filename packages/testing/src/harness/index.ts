/**
 * `@config-center/testing/harness`: what integration tests and benchmarks run their backends with —
 * real etcd and ZooKeeper processes, the Consul KV, Apollo config service and Nacos test servers, a TCP proxy to cut connections, one `waitFor` and
 * one certificate generator. The etcd part needs the optional peers `etcd3` and `cockatiel`, loaded
 * only when a cluster starts, and the Nacos test server the optional peers `@grpc/grpc-js` and
 * `@config-center/nacos`, loaded only when one starts; the rest needs Node alone.
 */

/** Real etcd: a cluster of `etcd` processes on free loopback ports. */
export { EtcdCluster, type EtcdClusterOptions } from './etcd/etcd-cluster';
/** One etcd process of a cluster: kill, restart, pause, resume, probe. */
export { EtcdMember, type EtcdMemberSpec, type EtcdMemberTls } from './etcd/etcd-member';
/** The etcd server binary (Debian package `etcd-server`, or `$ETCD_BIN`) and its version. */
export { etcdBinary, etcdVersion } from './etcd/etcd-binary';
/** `etcdctl` as a process, for what etcd3's public API does not offer (compaction, leases, auth, leadership). */
export { endpointStatus, etcdctl, type EtcdctlTarget } from './etcd/etcdctl';
/** Turns on etcd auth with a root user and read-only users. */
export { enableAuth, type EtcdTestUser } from './etcd/etcd-auth-setup';

/** A real ZooKeeper server (Debian's `zookeeper` package) on a loopback port: stop, kill, pause, resume, restart. */
export { ZooKeeperServer } from './zookeeper/zookeeper-server';
/** The JVM and the ZooKeeper jar the server runs from (`$JAVA_BIN`, `$ZOOKEEPER_JAR`). */
export { javaBinary, zookeeperJar } from './zookeeper/zookeeper-binary';
/** One of ZooKeeper's four-letter commands (`srvr`, `ruok`) and its answer. */
export { fourLetterWord } from './zookeeper/zookeeper-four-letter';

/** The Consul KV HTTP test server, with outages, faults and a request log. */
export { ConsulTestServer } from './consul/consul-test-server';
/** How to start the Consul test server, how it goes down, and what it records. */
export type { ConsulOutageMode, ConsulTestServerOptions, LoggedRequest, OutageRecord } from './consul/consul-test-server-options.interface';
/** ACL tokens of the Consul test server and their rules. */
export type { ConsulTestAcl, ConsulTestTokenRules } from './consul/consul-test-acl';
/** The faults the Consul test server can be told to show. */
export type { ConsulTestFaults } from './consul/consul-route-context';
/** The Consul test server's store: entries, snapshots, transactions. */
export type { KvEntry, KvTxnOp } from './consul/consul-kv-ops';
export type { ConsulKvState, KvSnapshot, KvTxnOutcome } from './consul/consul-kv-state';

/** The Apollo config service test server: long polls, releases, access keys, restarts and faults. */
export { ApolloTestServer } from './apollo/apollo-test-server';
/** How to start the Apollo test server, its faults and its request log. */
export type { ApolloLoggedRequest, ApolloTestFaults, ApolloTestServerOptions } from './apollo/apollo-test-server-options.interface';
/** A release of the Apollo test server and what a test releases. */
export type { ApolloRelease, ApolloReleaseInput, ApolloReleaseStore } from './apollo/apollo-release-store';
/** Apollo's access-key signature, from the server's side, for tests that sign by hand. */
export { apolloSignature } from './apollo/apollo-access-key';
/** The Nacos 2.x/3.x gRPC config test server, with lost pushes, dropped connections and restarts. */
export { NacosTestServer, type NacosTestConfigKey, type NacosTestFaults, type NacosTestServerOptions } from './nacos/nacos-test-server';
/** The Nacos test server's store of configs by namespace, group and dataId (`server.store`). */
export type { NacosConfigStore, NacosPublishOutcome, NacosStoredConfig } from './nacos/nacos-config-store';
/** The Nacos test server's auth: users, token lifetime, logins. */
export type { NacosTestAuth, NacosTestAuthOptions } from './nacos/nacos-test-auth';

/** A loopback TCP proxy a test can cut and restore. */
export { TcpCutProxy, type ProxyTrap } from './tcp-cut-proxy';
/** A free loopback TCP port. */
export { freePort } from './free-port';
/** Polling until a condition holds, and sleeping. */
export { sleep, waitFor } from './wait-for';
/** A seeded pseudo-random generator for randomised tests; `CONFIG_CENTER_TEST_SEED` replays a seed. */
export { SeededRandom, TEST_SEED_ENV } from './seeded-random';
/** Prometheus's `promtool` (Debian package `prometheus`) and `promtool check metrics` on a scrape. */
export { checkMetricsWithPromtool, promtoolBinary } from './promtool';
/** Throw-away CA, server and client certificates made with `openssl`. */
export { createTestCertificates, type TestCertificatePems, type TestCertificates } from './test-certificates';
