import { parseCanaryRelease, readInstanceReports, type CanaryRelease, type InstanceReportsRead } from '@config-center/etcd/control';
import type { Etcd3 } from 'etcd3';
import type { CliError } from '../cli-error';
import type { CanaryArea, StoredCanary } from './canary-area.interface';
import type { ControlKeys } from '../history/history-record';
import { checkTxnLimits } from '../history/txn-limits';
import { publishCompares, txnBytes, type PublishTxn, type TxnCompare, type TxnOperation } from './etcd-publish-txn';
import type { PublishRequest } from './publish-plan';

/** What the canary area shares with its backend: where it is, how it names it, and its transaction commit. */
export interface EtcdCanaryAreaHost {
  readonly prefix: string;
  readonly control: ControlKeys;
  describe(): string;
  /** Commits one transaction; false when a compare failed. */
  commit(txn: PublishTxn): Promise<boolean>;
  unreachable(error: unknown, verb?: string): CliError;
}

/**
 * A service's canary area in etcd: the one record `<controlPrefix>canary/release` (so one canary
 * per prefix), written and removed by compare-and-swap transactions, and the instance reports that
 * `canary status` reads. A promote is a publish (`publishKeys` with `retire`), not written here.
 */
export class EtcdCanaryArea implements CanaryArea {
  constructor(
    private readonly client: Etcd3,
    /** `<controlPrefix>canary/release`. */
    readonly key: string,
    private readonly host: EtcdCanaryAreaHost,
  ) {}

  /** The canary record, or undefined when no canary runs. */
  async read(): Promise<StoredCanary | undefined> {
    try {
      const { kvs } = await this.client.get(this.key).exec();
      const kv = kvs[0];
      if (!kv) return undefined;
      const parsed = parseCanaryRelease(kv.value.toString('utf8'));
      return 'problem' in parsed
        ? { modRevision: kv.mod_revision, problem: parsed.problem }
        : { modRevision: kv.mod_revision, release: parsed };
    } catch (error) {
      throw this.host.unreachable(error);
    }
  }

  /** Every live instance's report, read at one revision. */
  async readReports(): Promise<InstanceReportsRead> {
    try {
      return await readInstanceReports(this.client, this.host.control.prefix);
    } catch (error) {
      throw this.host.unreachable(error);
    }
  }

  /**
   * Writes a new canary, only if none runs and the main config is still as read (the compares of a
   * publish: the canary was validated on top of it). False when a compare failed.
   */
  async start(release: CanaryRelease, request: Omit<PublishRequest, 'record'>): Promise<boolean> {
    const compares = [...publishCompares(this.host.prefix, this.host.control, request), this.absent()];
    return this.commit(compares, [this.put(release)]);
  }

  /** Replaces the canary (widened), only if it is still the one read. False when a compare failed. */
  replace(release: CanaryRelease, modRevision: string): Promise<boolean> {
    return this.commit([this.unchanged(modRevision)], [this.put(release)]);
  }

  /** Removes the canary (aborted), only if it is still the one read. False when a compare failed. */
  remove(modRevision: string): Promise<boolean> {
    return this.commit([this.unchanged(modRevision)], [{ kind: 'delete', key: Buffer.from(this.key, 'utf8') }]);
  }

  private commit(compares: TxnCompare[], operations: TxnOperation[]): Promise<boolean> {
    const txn = { compares, operations, bytes: txnBytes(compares, operations) };
    checkTxnLimits({ compares: compares.length, operations: operations.length, bytes: txn.bytes }, this.host.describe());
    return this.host.commit(txn);
  }

  private put(release: CanaryRelease): TxnOperation {
    return { kind: 'put', key: this.key, value: JSON.stringify(release) };
  }

  private absent(): TxnCompare {
    return { key: this.key, target: 'Version', value: 0 };
  }

  private unchanged(modRevision: string): TxnCompare {
    return { key: this.key, target: 'Mod', value: modRevision };
  }
}
