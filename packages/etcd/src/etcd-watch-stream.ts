import type { IWatchResponse, Namespace, Watcher } from 'etcd3';

/** The cluster id and revision an etcd answer names in its header. */
export interface EtcdAnswerHeader {
  readonly revision: number;
  readonly clusterId: string;
}

/** What one watch attempt watches: every key under `prefix`, or the one `key`, from `startRevision`. */
export interface EtcdWatchTarget {
  readonly prefix?: string;
  readonly key?: string;
  readonly startRevision: number;
  /** The deadline (epoch ms) of the read that checks etcd answers before the watch is asked for. */
  readonly deadline: number;
}

/** What one watch attempt reports; after `canceled` or `broken`, nothing more. */
export interface EtcdWatchStreamHandlers {
  /** etcd created the watch; `header` is that of the read just before it. */
  confirmed(header: EtcdAnswerHeader): void;
  /** Events. */
  received(response: IWatchResponse): void;
  /** A progress notification: no events, and every event up to the header's revision has been sent. */
  progressed?(response: IWatchResponse): void;
  /** etcd cancelled the watch: its history was compacted past the start, or a permission or token went. */
  canceled(error: Error): void;
  /** The connection failed, or etcd could not be reached to ask for the watch. */
  broken(error: Error): void;
}

/**
 * One watch attempt through etcd3's public `watch()` builder, on a namespace of its own.
 *
 * Each attempt takes a fresh `client.namespace('')` — same keys, same connection — because each
 * namespace has its own watch manager: a watch etcd cancels at creation cannot wedge the attach
 * queue of the source's other watches, and etcd3 never resumes this watch on its own. On
 * `disconnected` the attempt ends (its watcher dropped), and the session opens the next one from its
 * own cursor; etcd3 would resume from the server's current revision. A cheap read goes first, so
 * no watcher is left waiting on an unreachable etcd (etcd3 hands a watcher out only once etcd has
 * confirmed it, and keeps retrying one it never got confirmed), and its header says which etcd
 * answers. `close()` does not wait for etcd to confirm the cancel.
 */
export class EtcdWatchStream {
  private watcher: Watcher | undefined;
  private closed = false;

  private constructor(private readonly handlers: EtcdWatchStreamHandlers) {}

  /** Checks that etcd answers, then asks `client` for the watch of `target`. */
  static open(client: Namespace, target: EtcdWatchTarget, handlers: EtcdWatchStreamHandlers): EtcdWatchStream {
    const watch = new EtcdWatchStream(handlers);
    void watch.start(client.namespace(''), target);
    return watch;
  }

  /** Ends the attempt; no handler is called after this. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const watcher = this.watcher;
    this.watcher = undefined;
    // Not awaited: etcd3 waits for etcd to confirm a cancel, and etcd may be down; while it is,
    // the cancel just takes the watcher off its manager.
    watcher?.cancel().catch(() => undefined);
  }

  private async start(namespace: Namespace, target: EtcdWatchTarget): Promise<void> {
    try {
      await this.answerOf(namespace, target);
    } catch (error) {
      return this.end('broken', error);
    }
    if (this.closed) return;
    const builder = namespace.watch();
    const scoped = target.key === undefined ? builder.prefix(target.prefix!) : builder.key(target.key);
    scoped
      .startRevision(String(target.startRevision))
      .create()
      .then(
        (watcher) => this.attach(watcher, namespace, target),
        // `create()` rejects only when etcd cancels the watch at creation (a permission, a token).
        (error: unknown) => this.end('canceled', error),
      );
  }

  /** One read of the watched key or prefix: its header says which etcd answers, at which revision. */
  private async answerOf(namespace: Namespace, target: EtcdWatchTarget): Promise<EtcdAnswerHeader> {
    const { header } = await namespace
      .get(target.key ?? target.prefix!)
      .options({ deadline: target.deadline })
      .exec();
    return { revision: Number(header.revision), clusterId: String(header.cluster_id) };
  }

  private attach(watcher: Watcher, namespace: Namespace, target: EtcdWatchTarget): void {
    // etcd cancelled the watch; etcd3 has let go of it already. Listened to for good: an `error`
    // with no listener would throw out of etcd3's stream handler.
    watcher.on('error', (error) => {
      if (this.watcher === watcher) this.watcher = undefined;
      this.end('canceled', error);
    });
    if (this.closed) return void watcher.cancel().catch(() => undefined);
    this.watcher = watcher;
    const early: IWatchResponse[] = [];
    let confirmed = false;
    watcher.on('data', (response) => (confirmed ? this.dispatch(response) : early.push(response)));
    watcher.on('disconnected', (error) => this.end('broken', error));
    // etcd3 re-creates a watch it lost before etcd confirmed it on its own, so the etcd that holds it
    // may be another than the one read before (restarted on a restored backup): read it again.
    this.answerOf(namespace, target).then(
      (header) => {
        if (this.closed) return;
        this.handlers.confirmed(header);
        confirmed = true;
        for (const response of early.splice(0)) this.dispatch(response);
      },
      (error: unknown) => this.end('broken', error),
    );
  }

  private dispatch(response: IWatchResponse): void {
    if (this.closed) return;
    if (response.events.length) this.handlers.received(response);
    else this.handlers.progressed?.(response);
  }

  private end(how: 'canceled' | 'broken', error: unknown): void {
    if (this.closed) return;
    this.close();
    this.handlers[how](error instanceof Error ? error : new Error(String(error)));
  }
}
