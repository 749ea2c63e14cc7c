import type { CanaryRelease, InstanceReportsRead } from '@config-center/etcd/control';
import type { PublishRequest } from './publish-plan';

/** The canary record as stored: the release (or why it cannot be read) and its mod revision, which every change compares. */
export type StoredCanary = { readonly modRevision: string } & ({ readonly release: CanaryRelease } | { readonly problem: string });

/**
 * A service's canary area under the control prefix, as the canary commands and `publish` use it:
 * the one canary record, changed only by compare-and-swap, and the instance reports. The port
 * (`ConfigBackend.canaryArea`) names this, not a backend's class, so that the port does not depend
 * on its adapters.
 */
export interface CanaryArea {
  /** The canary record's key (`<controlPrefix>canary/release`). */
  readonly key: string;
  /** The canary record, or undefined when no canary runs. */
  read(): Promise<StoredCanary | undefined>;
  /** Every live instance's report, read at one revision. */
  readReports(): Promise<InstanceReportsRead>;
  /** Writes a new canary, only if none runs and the main config is still as read. False when a compare failed. */
  start(release: CanaryRelease, request: Omit<PublishRequest, 'record'>): Promise<boolean>;
  /** Replaces the canary (widened), only if it is still the one read. False when a compare failed. */
  replace(release: CanaryRelease, modRevision: string): Promise<boolean>;
  /** Removes the canary (aborted), only if it is still the one read. False when a compare failed. */
  remove(modRevision: string): Promise<boolean>;
}
