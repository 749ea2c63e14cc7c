import { EtcdBackend } from '../backend/etcd-backend';
import { CliError, ExitCode } from '../cli-error';
import { controlPrefixFor } from '../history/history-record';
import type { CliSettings } from '../settings/cli-settings.interface';

/** The etcd prefix a command reads, or a usage error saying what is missing for `what`. */
export function requireEtcd(settings: CliSettings, what: string): EtcdBackend {
  if (settings.consul && !settings.etcd) {
    throw new CliError(`${what} on Consul is not supported yet: give --etcd ENDPOINTS`, ExitCode.usage);
  }
  if (!settings.etcd)
    throw new CliError(`${what} needs etcd: give --etcd ENDPOINTS or \`etcd.endpoints\` in config-center.yaml`, ExitCode.usage);
  if (!settings.prefix)
    throw new CliError(`${what} needs the service's prefix: give --prefix PREFIX or \`prefix\` in config-center.yaml`, ExitCode.usage);
  const prefix = settings.prefix.endsWith('/') ? settings.prefix : `${settings.prefix}/`;
  const control = controlPrefixFor(prefix, settings.controlPrefix);
  if (control.startsWith(prefix) || prefix.startsWith(control)) {
    throw new CliError(
      `the control prefix '${control}' overlaps the service's prefix '${prefix}': set \`controlPrefix\` outside it`,
      ExitCode.usage,
    );
  }
  return new EtcdBackend(settings.etcd, prefix, control);
}
