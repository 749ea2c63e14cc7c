import type { Observable } from 'rxjs';
import type { InstanceFacts } from './instance-facts.interface';

/**
 * Publishes what an instance runs to where operators read it (an etcd record under a lease, say).
 * A source brings one as its `reporter`; the core starts it once the application has bootstrapped
 * and closes it on shutdown, before it closes the sources, so a reporter may share its source's
 * client.
 */
export interface InstanceReporter {
  /**
   * Follows `facts$` — the facts now, then on every change of the status or a rejection — until
   * `close()`. A failure to publish is the reporter's to retry; it tells `onError` once per streak
   * of failures (the core logs it), never with a config value.
   */
  start(facts$: Observable<InstanceFacts>, onError: (error: Error) => void): void;
  /** Stops following and takes the published record down at once. */
  close(): Promise<void>;
}
