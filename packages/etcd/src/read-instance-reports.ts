import type { IKeyValue, Namespace } from 'etcd3';
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
  /**
   * The revision each report was written at (its key's mod revision), by instance id: a real
   * instance writes its record after the batches it names, so a revision of this etcd at or above
   * it in the record was never one the instance saw (a forged rejection).
   */
  readonly writtenAt: ReadonlyMap<string, string>;
}

/** A first page of records at the size cap stays within the paged read's page budget (1 MiB). */
const FIRST_PAGE = Math.floor((1024 * 1024) / MAX_INSTANCE_REPORT_BYTES);

/**
 * Reads every instance report under `<controlPrefix>instances/` at one revision, in pages (a
 * fleet's records pass gRPC's 4 MiB message past ~3,000 instances), each parsed and checked: what
 * the CLI's `rollout` shows. A record that is malformed, whose key does not match its `instanceId`,
 * or that holds no lease is listed under `problems` (see `checkedRecord`).
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
  const writtenAt = new Map<string, string>();
  for (const kv of response.kvs) {
    const record = checkedRecord(prefix, kv);
    if ('problem' in record) {
      problems.push(record);
    } else {
      reports.push(record);
      writtenAt.set(record.instanceId, kv.mod_revision);
    }
  }
  return { reports, problems, revision: response.revision, writtenAt };
}

/**
 * The record `kv` (below `prefix`, the instances folder), or the problem with it: malformed, an id
 * that does not match its key, or no lease. An instance writes its record under a lease it keeps
 * alive, and etcd deletes a key with its lease, so a record on a lease is on a live one; a record
 * with none was written by hand (or forged by a role that may write `instances/`) and outlives any
 * instance: it is not counted as one.
 */
export function checkedRecord(prefix: string, kv: Pick<IKeyValue, 'key' | 'value' | 'lease'>): InstanceReport | InstanceReportProblem {
  const key = kv.key.toString('utf8');
  const parsed = parseInstanceReport(kv.value.toString('utf8'));
  if ('problem' in parsed) return { key, problem: parsed.problem };
  if (key !== `${prefix}${parsed.instanceId}`) return { key, problem: 'its instanceId does not match its key' };
  if (!BigInt(kv.lease || '0')) return { key, problem: 'it holds no lease (an instance writes its record under one)' };
  return parsed;
}
