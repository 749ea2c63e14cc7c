import type { Namespace } from 'etcd3';
import { isCanaryMember, type CanaryCandidate } from './canary-membership';
import { parseCanaryRelease } from './canary-release';
import type { KeyChange } from './etcd-key-index';
import type { EtcdKeyRead } from './etcd-source-errors';

/** The canary keys an instance serves on top of its main prefix, as of one read. */
export interface CanaryOverlay {
  readonly releaseId: string;
  /** Key (relative to the prefix) → text. */
  readonly keys: ReadonlyMap<string, string>;
  /** The mod revision of the canary record: the mod revision its keys are delivered with. */
  readonly modRevision: number;
}

/** Where an instance's canary record is and who the instance is: what deciding its overlay takes. */
export interface CanaryMembership {
  /** `<controlPrefix>canary/release`, as the client names it (without its namespace). */
  readonly key: string;
  readonly candidate: CanaryCandidate;
}

/**
 * The overlay of the canary release at `revision`, when there is one and the instance is in it;
 * else `undefined`. A record that cannot be read (another format, a broken field) selects no
 * instance: the main config is served, and the CLI's `canary status` names the problem.
 */
export async function readCanaryOverlay(
  client: Namespace,
  membership: CanaryMembership,
  revision: number,
  deadline: number,
): Promise<CanaryOverlay | undefined> {
  const { kvs } = await client.get(membership.key).revision(revision).options({ deadline }).exec();
  const kv = kvs[0];
  if (!kv) return undefined;
  const release = parseCanaryRelease(kv.value.toString('utf8'));
  if ('problem' in release || !isCanaryMember(release, membership.candidate)) return undefined;
  return { releaseId: release.releaseId, keys: new Map(Object.entries(release.keys)), modRevision: Number(kv.mod_revision) };
}

/** The keys of the main prefix with the overlay's keys on top (replacing or adding), in read order. */
export function overlaid(keys: readonly KeyChange[], overlay: CanaryOverlay | undefined): readonly KeyChange[] {
  if (!overlay) return keys;
  const result = keys.filter(({ key }) => !overlay.keys.has(key));
  for (const [key, value] of overlay.keys) result.push({ key, value, modRevision: overlay.modRevision });
  return result;
}

/**
 * The canary record as a read error names it: an instance that reports reads it at startup and
 * after each change, so its role needs Read on the canary area, and a role without it is told so
 * (not "cannot read this prefix" of a prefix it can read).
 */
export function canaryRecordRead(key: string): EtcdKeyRead {
  const area = key.slice(0, key.lastIndexOf('/') + 1);
  return { name: `its canary record '${key}'`, grant: `an instance that reports follows canaries: grant its role Read on '${area}'` };
}
