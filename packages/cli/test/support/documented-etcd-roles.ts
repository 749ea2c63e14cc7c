/** The passwords of the users the documented roles create. */
export interface RolePasswords {
  readonly app: string;
  readonly operator: string;
  readonly ci: string;
  readonly own: string;
}

/**
 * The `etcdctl` commands of packages/etcd/README.md ("Roles"), command for command, for `prefix`
 * and its control prefix `C` (as the README names it): the app, operator and CI roles and users, and the per-instance role
 * of instance `own-1` (user `own-1`). A change of the README's commands belongs here too.
 */
export function documentedRoleCommands(prefix: string, C: string, passwords: RolePasswords): string[][] {
  return [
    ['role', 'add', 'orders-app'],
    ['role', 'grant-permission', 'orders-app', '--prefix=true', 'read', prefix],
    ['role', 'grant-permission', 'orders-app', '--prefix=true', 'read', `${C}canary/`],
    ['role', 'grant-permission', 'orders-app', '--prefix=true', 'readwrite', `${C}instances/`],
    ['user', 'add', 'orders-app', `--new-user-password=${passwords.app}`, '--interactive=false'],
    ['user', 'grant-role', 'orders-app', 'orders-app'],
    ['role', 'add', 'orders-operator'],
    ['role', 'grant-permission', 'orders-operator', '--prefix=true', 'readwrite', prefix],
    ['role', 'grant-permission', 'orders-operator', '--prefix=true', 'readwrite', C],
    ['user', 'add', 'orders-operator', `--new-user-password=${passwords.operator}`, '--interactive=false'],
    ['user', 'grant-role', 'orders-operator', 'orders-operator'],
    ['role', 'add', 'orders-ci'],
    ['role', 'grant-permission', 'orders-ci', '--prefix=true', 'readwrite', prefix],
    ['role', 'grant-permission', 'orders-ci', 'readwrite', `${C}version`],
    ['role', 'grant-permission', 'orders-ci', '--prefix=true', 'readwrite', `${C}history/`],
    ['role', 'grant-permission', 'orders-ci', '--prefix=true', 'read', `${C}canary/`],
    ['role', 'grant-permission', 'orders-ci', '--prefix=true', 'read', `${C}instances/`],
    ['user', 'add', 'orders-ci', `--new-user-password=${passwords.ci}`, '--interactive=false'],
    ['user', 'grant-role', 'orders-ci', 'orders-ci'],
    // The per-instance option: the key `instances/own-1` exactly.
    ['role', 'add', 'orders-app-own-1'],
    ['role', 'grant-permission', 'orders-app-own-1', '--prefix=true', 'read', prefix],
    ['role', 'grant-permission', 'orders-app-own-1', '--prefix=true', 'read', `${C}canary/`],
    ['role', 'grant-permission', 'orders-app-own-1', 'readwrite', `${C}instances/own-1`],
    ['user', 'add', 'own-1', `--new-user-password=${passwords.own}`, '--interactive=false'],
    ['user', 'grant-role', 'own-1', 'orders-app-own-1'],
  ];
}
