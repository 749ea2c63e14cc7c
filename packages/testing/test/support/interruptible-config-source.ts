import { defer, map, merge, Subject, throwError, type Observable } from 'rxjs';
import { ConfigSourceError, type ConfigSource, type ConfigSourceEvent, type LoadedConfig } from '@config-center/core';

/**
 * A `ConfigSource` that reaches another through a connection the test can cut: while cut, an
 * open watch errors (as a dropped stream does) and every `load()` / `watch()` fails (as a refused
 * connection does); the backend keeps taking writes. Whether updates survive the cut is then up to
 * the wrapped source's resume behaviour and the core's re-subscription, which is what it tests.
 */
export class InterruptibleConfigSource implements ConfigSource {
  readonly name: string;
  private connected = true;
  private readonly cuts = new Subject<void>();

  constructor(private readonly backend: ConfigSource & Required<Pick<ConfigSource, 'watch'>>) {
    this.name = backend.name;
  }

  load(): Promise<LoadedConfig> {
    return this.connected ? this.backend.load() : Promise.reject(this.refused());
  }

  watch(): Observable<ConfigSourceEvent> {
    return defer(() => {
      if (!this.connected) return throwError(() => this.refused());
      const dropped = this.cuts.pipe(
        map((): ConfigSourceEvent => {
          throw new ConfigSourceError(this.name, 'connection lost', true);
        }),
      );
      return merge(this.backend.watch(), dropped);
    });
  }

  /** Drops every open watch and refuses new ones until `reconnect()`. */
  disconnect(): void {
    this.connected = false;
    this.cuts.next();
  }

  /** Lets `load()` and `watch()` through again; the core's next re-subscription resumes the watch. */
  reconnect(): void {
    this.connected = true;
  }

  async close(): Promise<void> {
    this.cuts.complete();
    await this.backend.close();
  }

  private refused(): ConfigSourceError {
    return new ConfigSourceError(this.name, 'connection refused', true);
  }
}
