import type { EtcdCluster } from './etcd-cluster';

/** A user to create: its password and the prefixes its role may read (and read and write). */
export interface EtcdTestUser {
  readonly name: string;
  readonly password: string;
  readonly readPrefixes: readonly string[];
  readonly readWritePrefixes?: readonly string[];
}

/**
 * Turns on etcd's auth in `cluster`: through an unauthenticated client, creates the `root` role and
 * user, one role per user granting read (or read and write) on its prefixes, and the users; then
 * enables auth with `etcdctl auth enable`, as an operator does (etcd3 offers no public call for it).
 * Afterwards only clients with credentials get through.
 */
export async function enableAuth(cluster: EtcdCluster, rootPassword: string, users: readonly EtcdTestUser[]): Promise<void> {
  const { Range } = await import('etcd3');
  const admin = cluster.client();
  await admin.role('root').create();
  await (await admin.user('root').create(rootPassword)).addRole('root');
  for (const user of users) {
    const role = await admin.role(`${user.name}-role`).create();
    if (user.readPrefixes.length) {
      await role.grant(user.readPrefixes.map((prefix) => ({ permission: 'Read' as const, range: Range.prefix(prefix) })));
    }
    const readWrite = user.readWritePrefixes ?? [];
    if (readWrite.length) await role.grant(readWrite.map((prefix) => ({ permission: 'Readwrite' as const, range: Range.prefix(prefix) })));
    await (await admin.user(user.name).create(user.password)).addRole(role);
  }
  await cluster.etcdctl(['auth', 'enable']);
}
