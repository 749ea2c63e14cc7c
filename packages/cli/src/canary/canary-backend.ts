import type { ConfigBackend } from '../backend/config-backend.interface';
import type { CanaryArea, StoredCanary } from '../backend/canary-area.interface';
import { CliError, ExitCode } from '../cli-error';
import { backendOf } from '../commands/backend-of';
import type { CliSettings } from '../settings/cli-settings.interface';
import type { CanaryRelease } from '@config-center/etcd/control';

/** The backend of a `canary` command and its canary area: etcd only. */
export interface CanaryBackend {
  readonly backend: ConfigBackend;
  readonly area: CanaryArea;
}

/**
 * Runs `action` on the configured backend's canary area, closing the backend after; on Consul, a
 * usage error (exit 2): canary releases need instances that report themselves in etcd.
 */
export async function withCanaryArea<T>(settings: CliSettings, what: string, action: (canary: CanaryBackend) => Promise<T>): Promise<T> {
  const backend = backendOf(settings, what);
  try {
    const area = backend.canaryArea?.();
    if (!area) {
      throw new CliError(
        `${what} needs etcd: canary releases are not supported on ${backend.describe()} (instance reports live in etcd)`,
        ExitCode.usage,
      );
    }
    return await action({ backend, area });
  } finally {
    backend.close();
  }
}

/** The running canary, or an exit-1 error naming the prefix when there is none or its record cannot be read. */
export async function runningCanary(
  { backend, area }: CanaryBackend,
  what: string,
): Promise<{ release: CanaryRelease; modRevision: string }> {
  const stored: StoredCanary | undefined = await area.read();
  if (!stored) throw new CliError(`${what}: no canary release runs on ${backend.describe()}`, ExitCode.invalid);
  if ('problem' in stored) {
    throw new CliError(
      `${what}: the canary record '${area.key}' cannot be read (${stored.problem}); abort it to remove it`,
      ExitCode.invalid,
    );
  }
  return stored;
}

/** The exit-1 error for a canary transaction whose compare failed: someone changed what was read. */
export function canaryConflict(backend: ConfigBackend, what: string): CliError {
  return new CliError(
    `conflict: ${backend.describe()} or its canary changed since they were read (another publish or canary command); nothing was written: run ${what} again`,
    ExitCode.invalid,
  );
}

/** `zone=a` or `percent 10`: how messages name a selector. */
export function describeSelector(release: Pick<CanaryRelease, 'selector'>): string {
  const { selector } = release;
  if ('percent' in selector) return `${selector.percent} % of instance ids`;
  return `labels ${Object.entries(selector.labels)
    .map(([name, value]) => `${name}=${value}`)
    .join(',')}`;
}
