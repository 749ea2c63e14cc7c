import { printable } from '../output/printable-text';
import { versionLabel, type RolloutTotals, type RolloutView } from './rollout-view';

const HEADINGS = ['INSTANCE', 'LABELS', 'VERSION', 'STATE', 'WHY'] as const;

/**
 * The totals as one line: `37/40 applied v12, 2 rejected (rateLimit.limit: must not be less
 * than 1), 1 on v11`.
 */
export function formatTotals(totals: RolloutTotals, version: number): string {
  const parts = [`${totals.applied}/${totals.instances} applied v${version}`];
  if (totals.rejected) parts.push(`${totals.rejected} rejected (${printable(totals.reasons.join('; '))})`);
  for (const { version: other, count } of totals.others) parts.push(`${count} ${other.startsWith('v') ? `on ${other}` : other}`);
  return parts.join(', ');
}

/**
 * `rollout` as lines: a table of the instances (id, labels, version, state, why), the unreadable
 * records, then the totals; what records hold is shown `printable` (any instance can write them).
 */
export function formatRollout(view: RolloutView): string[] {
  if (!view.version) return [`no version published to ${view.prefix} yet; ${view.instances.length} instance(s) report`];
  const rows = view.instances.map((instance) =>
    [
      instance.instanceId,
      Object.entries(instance.labels)
        .map(([name, value]) => `${name}=${value}`)
        .join(',') || '-',
      versionLabel(instance),
      instance.state,
      instance.why.join('; '),
    ].map(printable),
  );
  const widths = HEADINGS.map((heading, column) => Math.max(heading.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  const problems = view.problems.map(({ key, problem }) => printable(`unreadable record ${key}: ${problem}`));
  const table = view.instances.length ? [line(HEADINGS), ...rows.map(line)] : [printable(`no instance reports under ${view.prefix}`)];
  return [...table, ...problems, formatTotals(view.totals, view.version)];
}
