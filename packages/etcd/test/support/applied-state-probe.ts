import { type ConfigSource, type ConfigSourceStatus, type ConfigTree } from '@config-center/core';
import { ConfigStore } from '@config-center/core/source-kit';
import type { Etcd3 } from 'etcd3';
import { isDeepStrictEqual } from 'node:util';
import type { Subscription } from 'rxjs';
import { waitFor } from '@config-center/testing/harness';
import { readEtcdState, type EtcdPrefixState } from './etcd-expected-tree';

/**
 * Runs one source in a real `ConfigStore` (load, then watch, as the module does) and records
 * what it applies: the revision of every applied swap, which must only go up, and each state the
 * source reported.
 */
export class AppliedStateProbe {
  /** The source's revision at each applied swap, in order. */
  readonly appliedRevisions: number[] = [];
  /** Every source state `status$` showed, in order, without repeats. */
  readonly states: ConfigSourceStatus['state'][] = [];
  readonly errors: string[] = [];
  private readonly subscriptions: Subscription[] = [];

  /** Records what `store` (of one source) applies from now on; `close()` only unsubscribes. */
  constructor(
    readonly store: ConfigStore,
    private readonly ownsStore = false,
  ) {
    this.subscriptions.push(
      store.changes$.subscribe(() => this.appliedRevisions.push(Number(this.status.revision))),
      store.status$.subscribe(({ sources: [status] }) => {
        if (status && this.states[this.states.length - 1] !== status.state) this.states.push(status.state);
      }),
      store.errors$.subscribe((event) => this.errors.push(event.message)),
    );
  }

  /** A store of its own over `source`, loaded and watching; `close()` closes it. */
  static async start(source: ConfigSource, retry = { initialDelayMs: 50, maxDelayMs: 500 }): Promise<AppliedStateProbe> {
    const probe = new AppliedStateProbe(new ConfigStore({ sources: [source], retry, startupTimeoutMs: 10_000 }), true);
    await probe.store.load();
    probe.store.startWatching();
    return probe;
  }

  get tree(): ConfigTree {
    return this.store.current.tree;
  }

  get status(): ConfigSourceStatus {
    return this.store.status().sources[0];
  }

  /** Whether every applied swap had a higher revision than the one before. */
  get revisionsOnlyWentUp(): boolean {
    return this.appliedRevisions.every((revision, i) => i === 0 || revision > this.appliedRevisions[i - 1]);
  }

  /** Waits until the applied tree and revision equal etcd's state under `prefix`; returns it. */
  async convergedOn(client: Etcd3, prefix: string, timeoutMs = 20_000): Promise<EtcdPrefixState> {
    let last: EtcdPrefixState | undefined;
    await waitFor(
      async () => {
        last = await readEtcdState(client, prefix);
        return isDeepStrictEqual(this.tree, last.tree) && Number(this.status.revision) === last.revision;
      },
      `the applied state to equal etcd's under ${prefix}`,
      timeoutMs,
      50,
    ).catch((error: Error) => {
      const applied = `applied revision ${this.status.revision} (${this.status.state})`;
      throw new Error(`${error.message}; ${applied}, etcd revision ${last?.revision}`);
    });
    return last as EtcdPrefixState;
  }

  async close(): Promise<void> {
    this.subscriptions.forEach((subscription) => subscription.unsubscribe());
    if (this.ownsStore) await this.store.close();
  }
}
