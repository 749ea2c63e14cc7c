import type { Namespace } from 'etcd3';
import { instanceReportsPrefix } from './etcd-control-prefix';
import { parseInstanceReport, type InstanceReport } from './instance-report';

/** A record under `instances/` that could not be read, and why; never its content. */
export interface InstanceReportProblem {
  readonly key: string;
  readonly problem: string;
}

/** The live instances of a service, read at one etcd revision. */
export interface InstanceReportsRead {
  /** The records that were read, in key order (by instance id). */
  readonly reports: readonly InstanceReport[];
  /** The records that were malformed: reported here, not thrown. */
  readonly problems: readonly InstanceReportProblem[];
  /** The etcd revision the records were read at. */
  readonly revision: string;
}

/**
 * Reads every instance report under `<controlPrefix>instances/` in one request, each parsed and
 * checked: what the CLI's `rollout` shows. A record whose key does not match its `instanceId`, or
 * that is malformed, is listed under `problems`.
 *
 * @example
 * ```ts
 * const { reports, problems } = await readInstanceReports(client, controlPrefixFor('/configs/orders/'));
 * ```
 */
export async function readInstanceReports(client: Namespace, controlPrefix: string): Promise<InstanceReportsRead> {
  const prefix = instanceReportsPrefix(controlPrefix);
  const response = await client.getAll().prefix(prefix).exec();
  const reports: InstanceReport[] = [];
  const problems: InstanceReportProblem[] = [];
  for (const kv of response.kvs) {
    const key = kv.key.toString('utf8');
    const parsed = parseInstanceReport(kv.value.toString('utf8'));
    if ('problem' in parsed) problems.push({ key, problem: parsed.problem });
    else if (key !== `${prefix}${parsed.instanceId}`) problems.push({ key, problem: 'its instanceId does not match its key' });
    else reports.push(parsed);
  }
  return { reports, problems, revision: response.header.revision };
}
