import type { IWatchResponse } from 'etcd3';
import type { EtcdWatchHost } from './etcd-watch-host.interface';
import type { EtcdAnswerHeader, EtcdWatchStream } from './etcd-watch-stream';

/** What one watch attempt reports to its session; after `canceled`, `lost` or `mismatched`, nothing more is asked of it. */
export interface EtcdWatchAttemptHandlers {
  /** etcd confirmed the watch, answering from the etcd the cursor counts in. */
  confirmed(): void;
  received(response: IWatchResponse): void;
  /** A progress notification: every event up to `revision` has been sent. */
  progressed(revision: number): void;
  /** etcd cancelled the watch (a compaction past its start, a permission, a token). */
  canceled(error: Error): void;
  /** The stream broke, or etcd did not confirm the watch within the dial timeout. */
  lost(error: Error): void;
  /** etcd answered from another cluster or below the cursor; `mismatch` says how. */
  mismatched(mismatch: string): void;
}

/**
 * One watch of the prefix from cursor + 1, as the session's loop opens it: the stream, the deadline
 * for etcd to confirm it (`dialTimeoutMs`), and the check of every answer's header against the
 * cursor's etcd. An answer from elsewhere is not served: the session drops the attempt and re-reads.
 */
export class EtcdWatchAttempt {
  private readonly stream: EtcdWatchStream;
  private readonly dialTimer: NodeJS.Timeout;
  private confirmed = false;

  constructor(
    private readonly host: Pick<EtcdWatchHost, 'state' | 'dialTimeoutMs' | 'openStream'>,
    private readonly handlers: EtcdWatchAttemptHandlers,
  ) {
    this.stream = host.openStream(host.state.cursor + 1, {
      confirmed: (header) => this.answered(header) && this.confirm(),
      received: (response) => this.answered(headerOf(response)) && handlers.received(response),
      progressed: (response) => this.answered(headerOf(response)) && handlers.progressed(headerOf(response).revision),
      canceled: (error) => handlers.canceled(error),
      broken: (error) => handlers.lost(error),
    });
    const timeout = new Error(`etcd did not confirm the watch within ${host.dialTimeoutMs} ms`);
    this.dialTimer = setTimeout(() => handlers.lost(timeout), host.dialTimeoutMs);
  }

  /** Whether etcd confirmed the watch: the session then serves from it. */
  get established(): boolean {
    return this.confirmed;
  }

  /** Ends the attempt: its deadline and its stream. */
  close(): void {
    clearTimeout(this.dialTimer);
    this.confirmed = false;
    this.stream.close();
  }

  /** Whether a response comes from the etcd the cursor counts in; `mismatched` when it does not. */
  private answered(header: EtcdAnswerHeader): boolean {
    const mismatch = this.host.state.mismatch(header);
    if (mismatch === undefined) return true;
    this.handlers.mismatched(mismatch);
    return false;
  }

  private confirm(): void {
    clearTimeout(this.dialTimer);
    this.confirmed = true;
    this.handlers.confirmed();
  }
}

/** The cluster id and revision a watch response's header carries. */
function headerOf(response: IWatchResponse): EtcdAnswerHeader {
  return { revision: Number(response.header.revision), clusterId: String(response.header.cluster_id) };
}
