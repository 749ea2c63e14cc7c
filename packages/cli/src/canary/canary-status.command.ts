import { isCanaryMember, type CanaryRelease, type InstanceReport, type InstanceReportProblem } from '@config-center/etcd/control';
import { printable } from '../output/printable-text';
import type { CliSettings } from '../settings/cli-settings.interface';
import { describeSelector, runningCanary, withCanaryArea } from './canary-backend';

/**
 * Where one instance stands in a canary: `out` (the release does not select it), `pending` (selected,
 * not yet applied), `applied`, or `rejected` (its validation refused the canary; `issues` say why).
 */
export type CanaryInstanceState = 'out' | 'pending' | 'applied' | 'rejected';

/** One live instance in `canary status`: who, whether the release selects it, and what it did. */
export interface CanaryInstanceStatus {
  readonly instanceId: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly member: boolean;
  readonly state: CanaryInstanceState;
  /** For `rejected`: each failed path and its rule, never a value. */
  readonly issues?: readonly { readonly path: string; readonly constraint: string }[];
}

/** What `canary status` shows: the release (key names only) and every live instance. */
export interface CanaryStatus {
  readonly prefix: string;
  readonly releaseId: string;
  readonly selector: CanaryRelease['selector'];
  readonly keys: readonly string[];
  readonly message: string;
  readonly author: string;
  readonly startedAt: string;
  readonly baseVersion: number;
  readonly instances: readonly CanaryInstanceStatus[];
  readonly totals: { readonly instances: number; readonly members: number } & Readonly<Record<Exclude<CanaryInstanceState, 'out'>, number>>;
  /** Instance records that could not be read. */
  readonly problems: readonly InstanceReportProblem[];
}

/**
 * `canary status`: the running canary and every live instance's report, each decided in or out by
 * `isCanaryMember` — the function the instances themselves use — and, for those in, whether their
 * report says they applied the release's batch or rejected it.
 */
export function canaryStatusCommand(settings: CliSettings): Promise<CanaryStatus> {
  return withCanaryArea(settings, 'canary status', async (canary) => {
    const { release } = await runningCanary(canary, 'canary status');
    const { reports, problems, writtenAt } = await canary.area.readReports();
    const instances = reports.map((report) => instanceStatus(release, report, Number(writtenAt.get(report.instanceId) ?? Infinity)));
    const count = (state: CanaryInstanceState) => instances.filter((instance) => instance.state === state).length;
    return {
      prefix: canary.backend.prefix,
      releaseId: release.releaseId,
      selector: release.selector,
      keys: Object.keys(release.keys).sort(),
      message: release.message,
      author: release.author,
      startedAt: release.startedAt,
      baseVersion: release.baseVersion,
      instances,
      totals: {
        instances: instances.length,
        members: instances.filter((instance) => instance.member).length,
        pending: count('pending'),
        applied: count('applied'),
        rejected: count('rejected'),
      },
      problems,
    };
  });
}

/**
 * One instance's standing: its report's canary fact against the release, its rejections and its
 * source's revision. A fact at or above `writtenAt` (the revision the record was written at) names
 * a batch the instance never saw (a forged record): it counts as not yet applied.
 */
function instanceStatus(release: CanaryRelease, report: InstanceReport, writtenAt: number): CanaryInstanceStatus {
  const { instanceId, labels } = report;
  const member = isCanaryMember(release, report);
  if (!member) return { instanceId, labels, member, state: 'out' };
  const fact = report.canary;
  if (fact?.releaseId !== release.releaseId || Number(fact.revision) >= writtenAt) return { instanceId, labels, member, state: 'pending' };
  const rejection = report.rejections.find(({ source, revision }) => source === fact.source && revision === fact.revision);
  if (rejection) return { instanceId, labels, member, state: 'rejected', issues: rejection.issues };
  const applied = report.sources.find(({ name }) => name === fact.source)?.revision;
  const state = applied !== undefined && Number(applied) >= Number(fact.revision) ? 'applied' : 'pending';
  return { instanceId, labels, member, state };
}

/** The status as lines: the release, one line per instance, and the totals with the first rejection's reasons; `printable`, since any instance can write its record. */
export function formatCanaryStatus(status: CanaryStatus): string[] {
  return canaryStatusLines(status).map(printable);
}

function canaryStatusLines(status: CanaryStatus): string[] {
  const { totals } = status;
  const labelsOf = (labels: Readonly<Record<string, string>>) =>
    Object.entries(labels)
      .map(([name, value]) => `${name}=${value}`)
      .join(',') || '-';
  const why = (instance: CanaryInstanceStatus) => instance.issues?.map(({ path, constraint }) => `${path}: ${constraint}`).join('; ') ?? '';
  const rejected = status.instances.find((instance) => instance.state === 'rejected');
  return [
    `canary ${status.releaseId} on ${status.prefix}: ${describeSelector(status)}, ${status.keys.length} key(s) (${status.keys.join(', ')}), ` +
      `on version ${status.baseVersion}, started by ${status.author} at ${status.startedAt}: ${status.message}`,
    ...status.instances.map((instance) =>
      [instance.instanceId, labelsOf(instance.labels), instance.member ? 'in' : 'out', instance.member ? instance.state : '', why(instance)]
        .filter(Boolean)
        .join('  '),
    ),
    ...status.problems.map(({ key, problem }) => `unreadable instance record ${key}: ${problem}`),
    `${totals.members} of ${totals.instances} instances in: ${totals.applied} applied, ${totals.rejected} rejected` +
      `${rejected ? ` (${why(rejected)})` : ''}, ${totals.pending} pending`,
  ];
}
