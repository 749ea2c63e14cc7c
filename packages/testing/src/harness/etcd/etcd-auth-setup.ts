import type { Etcd3 } from 'etcd3';

/** A user to create: its password and the prefixes its role may read (and read and write). */
export interface EtcdTestUser {
  readonly name: string;
  readonly password: string;
  readonly readPrefixes: readonly string[];
  readonly readWritePrefixes?: readonly string[];
}

/**
 * Turns on etcd's auth through an unauthenticated admin client: creates the `root` role and user
 * (as `etcdctl auth enable` does), one role per user granting read (or read and write) on its prefixes, the users,
 * and then enables auth. Afterwards only clients with credentials get through.
 */
export async function enableAuth(admin: Etcd3, rootPassword: string, users: readonly EtcdTestUser[]): Promise<void> {
  const { Range } = await import('etcd3');
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
  await admin.auth.authEnable({});
}
