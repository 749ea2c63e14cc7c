import { setTimeout as delay } from 'node:timers/promises';
import type { Subscriber } from 'rxjs';
import { ConfigSourceError, type ConfigSourceEvent, type RetryOptions } from '@config-center/core';
import { backoffDelay, heldBackError } from '@config-center/core/source-kit';
import type { ApolloConfigReader, NamespaceRead } from './apollo-config-reader';
import type { ApolloNamespace } from './apollo-options';
import type { ApolloNamespaces, NamespacesStep } from './apollo-namespaces';

/** What a watch loop shares with its source. */
export interface ApolloWatchHost {
  readonly name: string;
  readonly namespaces: readonly ApolloNamespace[];
  readonly state: ApolloNamespaces;
  readonly reader: ApolloConfigReader;
  readonly retry: RetryOptions;
}

/**
 * One subscription's long-poll loop, as Apollo's clients run it (apollo-java 2.x,
 * `RemoteConfigLongPollService`): poll `/notifications/v2` with the ids held; for the namespaces
 * an answer names, query `/configs` with the release key held, and deliver what they changed as
 * ONE batch; advance the ids only once those queries succeeded, so a failure loses nothing. A
 * failed poll or query reports `reconnecting` once and backs off (`backoffDelay`); the next round
 * re-reads every namespace with its release key (nothing lost across a restart of the config
 * service) before it reports `connected` and polls again. A 401 ends the watch with its error.
 */
export class ApolloWatchLoop {
  private failures = 0;
  private healthy = true;

  constructor(
    private readonly host: ApolloWatchHost,
    private readonly subscriber: Subscriber<ConfigSourceEvent>,
    private readonly signal: AbortSignal,
  ) {}

  /** Runs until the signal aborts or a failure that retrying cannot fix (it errors the subscriber). */
  async run(): Promise<void> {
    while (!this.signal.aborted) {
      try {
        if (this.failures) await delay(backoffDelay(this.failures - 1, this.host.retry), undefined, { signal: this.signal });
        if (this.healthy) await this.pollOnce();
        else await this.resync();
        this.failures = 0;
      } catch (error) {
        if (this.signal.aborted) return;
        if (!this.onFailure(error)) return;
      }
    }
  }

  private async pollOnce(): Promise<void> {
    const { state, reader } = this.host;
    const answer = await reader.poll(state.notifications(), this.signal);
    const ids = state.notified(answer);
    if (!ids.size && answer.length) {
      // Polling again at once would spin on a server that keeps naming stale ids: back off instead.
      throw new ConfigSourceError(this.host.name, 'the config service answered a long poll with no newer notification id', true);
    }
    if (!ids.size) return;
    this.deliver(state.next(await this.read([...ids.keys()]), ids));
  }

  /** After a failure: every namespace re-read with its release key, then `connected`. */
  private async resync(): Promise<void> {
    const step = this.host.state.next(await this.read(this.host.namespaces), new Map());
    this.healthy = true;
    this.subscriber.next({ kind: 'state', state: 'connected' });
    this.deliver(step);
  }

  private read(namespaces: readonly ApolloNamespace[]): Promise<NamespaceRead[]> {
    const { state, reader } = this.host;
    return Promise.all(namespaces.map((namespace) => reader.read(namespace, state.releaseKey(namespace), this.signal)));
  }

  private deliver(step: NamespacesStep): void {
    if (this.signal.aborted || step.kind === 'unchanged') return;
    if (step.kind === 'changed') this.subscriber.next({ kind: 'replace', tree: step.tree, revision: step.revision });
    else
      this.subscriber.next({ kind: 'error', error: heldBackError(this.host.name, step.problems, `release ${step.revision} not applied`) });
  }

  /** Returns whether to go on: yes after a recoverable failure, no after one that errored the watch. */
  private onFailure(error: unknown): boolean {
    if (!(error instanceof ConfigSourceError) || !error.recoverable) {
      this.subscriber.error(error);
      return false;
    }
    this.failures++;
    if (this.healthy) this.subscriber.next({ kind: 'state', state: 'reconnecting', error });
    this.healthy = false;
    return true;
  }
}
