import type { InstanceIssueFact, InstanceQuarantineFact, InstanceRejectionFact } from '@config-center/core/source-kit';
import { MAX_INSTANCE_REPORT_BYTES, type InstanceReport, type InstanceReportOmissions } from './instance-report';

/** The most characters of a path, a constraint or a source name in a record over the cap; the rest is cut and `…` appended. */
export const MAX_TEXT_CHARS = 200;

type Omissions = { -readonly [K in keyof InstanceReportOmissions]: number };

/**
 * `report` as written to etcd: as is when its JSON fits `maxBytes`, else cut in this order until it
 * fits — long texts (paths, constraints, source names) to `MAX_TEXT_CHARS`; the oldest rejections
 * but the last; the issues of each kept rejection and quarantined section to their first; the last
 * quarantined sections; the last rejection — with `omitted` counting what was left out. The
 * identity (id, host, labels: bounded by their own rules), the version, the hash and the sources
 * are never cut, so `rollout` still places the instance; the most recent rejection goes last.
 */
export function boundedInstanceReport(report: InstanceReport, maxBytes = MAX_INSTANCE_REPORT_BYTES): InstanceReport {
  if (jsonBytes(report) <= maxBytes) return report;
  const omitted: Omissions = { rejections: 0, quarantined: 0, issues: 0, texts: 0 };
  const cut = (text: string) => cutText(text, omitted);
  const cutIssues = (issues: readonly InstanceIssueFact[]) =>
    issues.map(({ path, constraint }) => ({ path: cut(path), constraint: cut(constraint) }));
  let rejections: InstanceRejectionFact[] = report.rejections.map((entry) => ({ ...entry, issues: cutIssues(entry.issues) }));
  let quarantined: InstanceQuarantineFact[] = report.quarantined.map((entry) => ({ ...entry, issues: cutIssues(entry.issues) }));
  const sources = report.sources.map((source) => ({ ...source, name: cut(source.name) }));
  const build = (): InstanceReport => ({ ...report, sources, rejections, quarantined, omitted: { ...omitted } });
  const fits = () => jsonBytes(build()) <= maxBytes;
  while (!fits() && rejections.length > 1) {
    rejections = rejections.slice(1);
    omitted.rejections++;
  }
  if (!fits()) {
    rejections = rejections.map((entry) => firstIssue(entry, omitted));
    quarantined = quarantined.map((entry) => firstIssue(entry, omitted));
  }
  while (!fits() && quarantined.length) {
    quarantined = quarantined.slice(0, -1);
    omitted.quarantined++;
  }
  if (!fits() && rejections.length) {
    rejections = [];
    omitted.rejections++;
  }
  return build();
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** `text`, or its first `MAX_TEXT_CHARS` characters (whole code points) and `…`, counted in `omitted.texts`. */
function cutText(text: string, omitted: Omissions): string {
  const chars = [...text];
  if (chars.length <= MAX_TEXT_CHARS) return text;
  omitted.texts++;
  return `${chars.slice(0, MAX_TEXT_CHARS).join('')}…`;
}

/** `entry` with its first issue only, the others counted in `omitted.issues`. */
function firstIssue<T extends { readonly issues: readonly InstanceIssueFact[] }>(entry: T, omitted: Omissions): T {
  omitted.issues += Math.max(0, entry.issues.length - 1);
  return { ...entry, issues: entry.issues.slice(0, 1) };
}
