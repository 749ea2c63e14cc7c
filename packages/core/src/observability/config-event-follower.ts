import { Subscription } from 'rxjs';
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
}

/**
 * Tells `listener` of every applied swap and every `errors$` event; ends when the subscription
 * does. Each source name is redacted once and remembered, so a change costs a map lookup, not a
 * regex run. (Reconnects are counted by each source's status, read when the metrics are collected:
 * following `status$` here would build a status on every change.)
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
  return subscription;
}
