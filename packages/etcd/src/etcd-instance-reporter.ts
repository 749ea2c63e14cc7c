import type { InstanceFacts, InstanceIdentity, InstanceReporter, RetryOptions } from '@config-center/core/source-kit';
import type { Namespace } from 'etcd3';
import type { Observable, Subscription } from 'rxjs';
import { boundedInstanceReport } from './bounded-instance-report';
import type { CanaryMembership } from './etcd-canary-overlay';
import { INSTANCE_REPORT_FORMAT, type InstanceCanaryFact, type InstanceReport } from './instance-report';
import { LeasedRecord } from './leased-record';

/** What an `EtcdInstanceReporter` needs: where to write, as whom, and how. */
export interface EtcdInstanceReporterSettings {
  /** `<controlPrefix>instances/<instanceId>`. */
  readonly key: string;
  readonly identity: InstanceIdentity;
  /** The TTL of the record's lease: a second under the report's `ttlSeconds`. */
  readonly leaseSeconds: number;
  readonly minWriteIntervalMs: number;
  readonly requestTimeoutMs: number;
  readonly retry: RetryOptions;
  /** `<controlPrefix>canary/release`: the canary record this instance follows. */
  readonly canaryKey: string;
  /** The canary the instance serves now, read each time the record is written. */
  readonly canary?: () => InstanceCanaryFact | undefined;
}

/**
 * Keeps this instance's `InstanceReport` in etcd under a lease: written on each change of its
 * facts (a swap, a rejection, a source's state), coalesced under bursts, rewritten when the lease
 * is lost, deleted at once by `close()` and by etcd within `ttlSeconds` when the process dies.
 * A record over `MAX_INSTANCE_REPORT_BYTES` is cut to fit (`boundedInstanceReport`).
 */
export class EtcdInstanceReporter implements InstanceReporter {
  private subscription: Subscription | undefined;
  private record: LeasedRecord | undefined;

  constructor(
    private readonly client: Namespace,
    private readonly settings: EtcdInstanceReporterSettings,
  ) {}

  start(facts$: Observable<InstanceFacts>, onError: (error: Error) => void): void {
    if (this.record) return;
    const { key, leaseSeconds, minWriteIntervalMs, requestTimeoutMs, retry } = this.settings;
    const record = new LeasedRecord(this.client, key, { ttlSeconds: leaseSeconds, minWriteIntervalMs, requestTimeoutMs, retry, onError });
    this.record = record;
    this.subscription = facts$.subscribe((facts) => record.set(JSON.stringify(boundedInstanceReport(this.report(facts)))));
  }

  /** Where this instance's canary record is and who the instance is: what its source decides membership with. */
  get canaryMembership(): CanaryMembership {
    const { instanceId, labels } = this.settings.identity;
    return { key: this.settings.canaryKey, candidate: { instanceId, labels } };
  }

  async close(): Promise<void> {
    this.subscription?.unsubscribe();
    await this.record?.close();
  }

  private report(facts: InstanceFacts): InstanceReport {
    const canary = this.settings.canary?.();
    return { format: INSTANCE_REPORT_FORMAT, ...this.settings.identity, ...facts, ...(canary && { canary }) };
  }
}
