import type { InstanceIdentityOptions } from '@config-center/core/source-kit';

/**
 * Options of `EtcdConfigSource`'s `report`: the instance keeps one record about the config it runs
 * under `<controlPrefix>instances/<instanceId>`, held by a lease, so that it disappears when the
 * instance dies (within `ttlSeconds`) or closes (at once).
 */
export interface EtcdInstanceReportOptions extends InstanceIdentityOptions {
  /** The lease's time to live: a killed instance's record is gone within it. Default 10, at least 1 (whole seconds). */
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
