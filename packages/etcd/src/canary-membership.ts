import { createHash } from 'node:crypto';
import type { CanaryRelease } from './canary-release';

/** Who an instance is, as far as canary membership goes: its id and labels, as its report holds them. */
export interface CanaryCandidate {
  readonly instanceId: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Where an instance falls in a release's percent range: the first 4 bytes of
 * sha256(`<releaseId>:<instanceId>`) as a fraction in [0, 1). It does not depend on the percent, so
 * a wider canary of the same release keeps every instance of the narrower one.
 */
export function canaryPoint(releaseId: string, instanceId: string): number {
  return createHash('sha256').update(`${releaseId}:${instanceId}`, 'utf8').digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * Whether `instance` is in the canary `release`: with a labels selector, when it carries every
 * selected label with the same value; with a percent, when its `canaryPoint` is below percent/100.
 * A pure function of the two: an instance restarted with the same id and labels stays in or out,
 * and the CLI's `canary status` decides the same way as the instance does.
 *
 * @example isCanaryMember(release, { instanceId: 'orders-a-1', labels: { zone: 'a' } })
 */
export function isCanaryMember(release: Pick<CanaryRelease, 'releaseId' | 'selector'>, instance: CanaryCandidate): boolean {
  const { selector } = release;
  if ('labels' in selector) return Object.entries(selector.labels).every(([name, value]) => instance.labels[name] === value);
  return canaryPoint(release.releaseId, instance.instanceId) < selector.percent / 100;
}
