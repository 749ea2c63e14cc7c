import type { InstanceIdentityOptions } from '@config-center/core/source-kit';

/**
 * Options of `EtcdConfigSource`'s `report`: the instance keeps one record about the config it runs
 * under `<controlPrefix>instances/<instanceId>`, held by a lease, so that it disappears when the
 * instance dies (within `ttlSeconds`) or closes (at once).
 */
export interface EtcdInstanceReportOptions extends InstanceIdentityOptions {
  /**
   * How long a killed instance's record may outlive it: the record's lease is granted for a second
   * less, which leaves etcd's sweep for expired leases (every 500 ms) time to delete it. Default 10,
   * at least 3 (whole seconds; etcd's shortest lease is 2 s).
   */
  readonly ttlSeconds?: number;
  /**
   * The control prefix, when the project sets one (the CLI's `controlPrefix`); default
   * `/config-center/control/` + the source's prefix without its leading `/`.
   */
  readonly controlPrefix?: string;
  /**
   * The least time between two writes of the record: the first change is written at once, a burst
   * of changes after it is coalesced into one write of the latest state per interval. Default 500.
   */
  readonly minWriteIntervalMs?: number;
}
