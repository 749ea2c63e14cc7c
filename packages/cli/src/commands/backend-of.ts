import { controlPrefixFor } from '@config-center/etcd/control-prefix';
import type { ConfigBackend } from '../backend/config-backend.interface';
import type { ConsulBackend } from '../backend/consul-backend';
import type { EtcdBackend } from '../backend/etcd-backend';
import { CliError, ExitCode } from '../cli-error';
import type { CliSettings } from '../settings/cli-settings.interface';

/** The backend a command reads and writes — etcd or Consul, whichever is configured — or a usage error saying what is missing for `what`. */
export function backendOf(settings: CliSettings, what: string): ConfigBackend {
  if (settings.etcd && settings.consul) {
    throw new CliError(`${what} needs one backend, and both etcd and Consul are configured: give --etcd or --consul`, ExitCode.usage);
  }
  if (!settings.etcd && !settings.consul) {
    throw new CliError(
      `${what} needs a backend: give --etcd ENDPOINTS or --consul URL (or \`etcd.endpoints\` / \`consul.url\` in config-center.yaml)`,
      ExitCode.usage,
    );
  }
  if (!settings.prefix)
    throw new CliError(`${what} needs the service's prefix: give --prefix PREFIX or \`prefix\` in config-center.yaml`, ExitCode.usage);
  const prefix = settings.prefix.endsWith('/') ? settings.prefix : `${settings.prefix}/`;
  const control = controlPrefixFor(prefix, settings.controlPrefix);
  const backend = settings.etcd
    ? new (etcdBackendClass())(settings.etcd, prefix, control)
    : new (consulBackendClass())(settings.consul!, prefix, control);
  if (backend.control.prefix.startsWith(backend.prefix) || backend.prefix.startsWith(backend.control.prefix)) {
    backend.close();
    throw new CliError(
      `the control prefix '${backend.control.prefix}' overlaps the service's prefix '${backend.prefix}': set \`controlPrefix\` outside it`,
      ExitCode.usage,
    );
  }
  return backend;
}

/**
 * The etcd backend, for what only etcd has (`what`: instance reports for `rollout` and `--wait`),
 * or a usage error saying so when Consul is configured.
 */
export function etcdBackendOf(settings: CliSettings, what: string, why: string): EtcdBackend {
  if (settings.consul && !settings.etcd) {
    throw new CliError(`${what} needs etcd: ${why}; give --etcd ENDPOINTS (Consul has none)`, ExitCode.usage);
  }
  return backendOf(settings, what) as EtcdBackend;
}

/**
 * The etcd backend's class, loaded on first use: `etcd3` and gRPC take about 100 ms to load, which a
 * run against Consul (a whole process per command) should not pay.
 */
function etcdBackendClass(): typeof EtcdBackend {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../backend/etcd-backend') as typeof import('../backend/etcd-backend')).EtcdBackend;
}

/** The Consul backend's class, loaded on first use, so that a run against etcd loads none of it. */
function consulBackendClass(): typeof ConsulBackend {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../backend/consul-backend') as typeof import('../backend/consul-backend')).ConsulBackend;
}
