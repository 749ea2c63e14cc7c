import type { IDuplexStream, IWatchCreateRequest, IWatchRequest, IWatchResponse, Namespace } from 'etcd3';

/** What one watch stream reports, once each at most for `canceled` and `broken`. */
export interface EtcdWatchStreamHandlers {
  /** etcd created the watch. */
  confirmed(response: IWatchResponse): void;
  /** Events (or a progress notification). */
  received(response: IWatchResponse): void;
  /** etcd cancelled the watch: compaction past the start revision, or permission. */
  canceled(response: IWatchResponse): void;
  /** The stream failed, ended, or could not be opened. */
  broken(error: Error): void;
}

/**
 * One raw etcd watch stream (the gRPC `Watch` call of the etcd3 client) carrying one watcher.
 *
 * etcd3's `WatchManager` is bypassed on purpose: it moves a watcher's resume point to the
 * server's revision before the catch-up events arrive, and a watch that etcd cancels on creation
 * wedges its attach queue, so later watchers on that client never start. A stream of our own per
 * attempt has none of that; `close()` ends it at once.
 */
export class EtcdWatchStream {
  private stream: IDuplexStream<IWatchRequest, IWatchResponse> | undefined;
  private closed = false;

  private constructor(private readonly handlers: EtcdWatchStreamHandlers) {}

  /** Opens a stream on `client` and asks for the watch `request`. */
  static open(client: Namespace, request: IWatchCreateRequest, handlers: EtcdWatchStreamHandlers): EtcdWatchStream {
    const watch = new EtcdWatchStream(handlers);
    client.watchClient.watch().then(
      (stream) => watch.attach(stream, request),
      (error: Error) => watch.fail(error),
    );
    return watch;
  }

  /** Ends the stream; no handler is called after this. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const stream = this.stream;
    this.stream = undefined;
    // Half-close first: etcd3 then does not count our own cancel as a failure of the host.
    stream?.end();
    stream?.cancel();
  }

  private attach(stream: IDuplexStream<IWatchRequest, IWatchResponse>, request: IWatchCreateRequest): void {
    stream.on('error', (error) => this.fail(error));
    if (this.closed) {
      stream.end();
      stream.cancel();
      return;
    }
    this.stream = stream;
    stream.on('data', (response) => this.dispatch(response));
    stream.on('end', () => this.fail(new Error('etcd ended the watch stream')));
    stream.write({ create_request: request });
  }

  private dispatch(response: IWatchResponse): void {
    if (this.closed) return;
    if (response.canceled) {
      this.close();
      this.handlers.canceled(response);
    } else if (response.created) {
      this.handlers.confirmed(response);
    } else {
      this.handlers.received(response);
    }
  }

  private fail(error: Error): void {
    if (this.closed) return;
    this.close();
    this.handlers.broken(error);
  }
}
