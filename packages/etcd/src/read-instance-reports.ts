import type { Namespace } from 'etcd3';
import { instanceReportsPrefix } from './etcd-control-prefix';
import { MAX_INSTANCE_REPORT_BYTES, parseInstanceReport, type InstanceReport } from './instance-report';
import { readPrefixPaged } from './paged-prefix-read';

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

/** A first page of records at the size cap stays within the paged read's page budget (1 MiB). */
const FIRST_PAGE = Math.floor((1024 * 1024) / MAX_INSTANCE_REPORT_BYTES);

/**
 * Reads every instance report under `<controlPrefix>instances/` at one revision, in pages (a
 * fleet's records pass gRPC's 4 MiB message past ~3,000 instances), each parsed and checked: what
 * the CLI's `rollout` shows. A record whose key does not match its `instanceId`, or
 * that is malformed, is listed under `problems`.
 *
 * @example
 * ```ts
 * const { reports, problems } = await readInstanceReports(client, controlPrefixFor('/configs/orders/'));
 * ```
 */
export async function readInstanceReports(client: Namespace, controlPrefix: string): Promise<InstanceReportsRead> {
  const prefix = instanceReportsPrefix(controlPrefix);
  const response = await readPrefixPaged(client, prefix, { firstPage: FIRST_PAGE });
  const reports: InstanceReport[] = [];
  const problems: InstanceReportProblem[] = [];
  for (const kv of response.kvs) {
    const record = checkedRecord(prefix, kv.key.toString('utf8'), kv.value.toString('utf8'));
    if ('problem' in record) problems.push(record);
    else reports.push(record);
  }
  return { reports, problems, revision: response.revision };
}

/** The record stored under `key` (below `prefix`, the instances folder), or the problem with it: malformed, or an id that does not match its key. */
export function checkedRecord(prefix: string, key: string, text: string): InstanceReport | InstanceReportProblem {
  const parsed = parseInstanceReport(text);
  if ('problem' in parsed) return { key, problem: parsed.problem };
  if (key !== `${prefix}${parsed.instanceId}`) return { key, problem: 'its instanceId does not match its key' };
  return parsed;
}
