import { pairwise, startWith, Subscription } from 'rxjs';
import type { ConfigCenterService } from '../config-center.service';
import type { ConfigErrorKind } from '../interfaces/config-events.interface';
import { redact } from '../status/redact';

/**
 * What the metrics count, told as it happens. `source` is the source's name with credentials
 * redacted (for a `handler` rejection, the handler's owner), fit for a label: never a value.
 */
export interface ConfigEventListener {
  /** A swap was published from a batch of `source`, `seconds` after the batch reached the core. */
  applied(source: string, seconds: number): void;
  /** `errors$` said so: an update rejected (`parse`, `validation`), a source failing, a handler throwing. */
  rejected(source: string, kind: ConfigErrorKind): void;
  /** `source` lost its connection and went to `reconnecting`. */
  reconnecting(source: string): void;
}

/**
 * Tells `listener` of every applied swap, every `errors$` event and every source going to
 * `reconnecting`, from `changes$`, `errors$` and `status$`; ends when the subscription does. Each
 * source name is redacted once and remembered, so a change costs a map lookup, not a regex run.
 */
export function followConfigEvents(config: ConfigCenterService, listener: ConfigEventListener): Subscription {
  const labels = new Map<string, string>();
  const label = (name: string) => {
    let redacted = labels.get(name);
    if (redacted === undefined) labels.set(name, (redacted = redact(name)));
    return redacted;
  };
  const subscription = new Subscription();
  subscription.add(
    config.changes$.subscribe((change) => listener.applied(label(change.source), (performance.now() - change.receivedAt) / 1000)),
  );
  subscription.add(config.errors$.subscribe(({ source, kind }) => listener.rejected(label(source), kind)));
  subscription.add(
    config.status$.pipe(startWith(undefined), pairwise()).subscribe(([before, now]) => {
      for (const source of now?.sources ?? []) {
        if (source.state !== 'reconnecting') continue;
        const previous = before?.sources.find((s) => s.name === source.name)?.state;
        if (previous !== undefined && previous !== 'reconnecting') listener.reconnecting(label(source.name));
      }
    }),
  );
  return subscription;
}
