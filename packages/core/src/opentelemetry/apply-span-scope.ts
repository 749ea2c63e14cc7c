import { SpanKind, trace, type Attributes, type Tracer } from '@opentelemetry/api';
import type { ConfigChangeEvent } from '../interfaces/config-events.interface';
import { redact } from '../status/redact';
import type { SwapScope } from '../store/snapshot-holder';

/** The name of the span event on each swap, and of the span the library starts when none is recording. */
export const APPLY_EVENT = 'config_center.apply';

/** What the event says of a swap: its version, its source and the sections it changed. Names only, never a value. */
export function applyAttributes(change: ConfigChangeEvent): Attributes {
  return {
    'config_center.version': change.version,
    'config_center.sources': [redact(change.source)],
    'config_center.changed_sections': [...change.changedSections],
  };
}

/**
 * The swap scope that puts a `config_center.apply` event on the span active while a swap's
 * handlers run. A swap runs on its source's callback: when a recording span is active there (a
 * `MemoryConfigSource.set` inside a request, an instrumented client's callback), the event goes on
 * it; otherwise a span `config_center.apply` is started, made active around the swap's handlers
 * and observers (so their own spans are its children), given the event and ended when they return.
 */
export function applySpanScope(tracer: Tracer): SwapScope {
  return (change, notify) => {
    const attributes = applyAttributes(change);
    const active = trace.getActiveSpan();
    if (active?.isRecording()) {
      active.addEvent(APPLY_EVENT, attributes);
      notify();
      return;
    }
    tracer.startActiveSpan(APPLY_EVENT, { kind: SpanKind.INTERNAL, attributes }, (span) => {
      span.addEvent(APPLY_EVENT, attributes);
      try {
        notify();
      } finally {
        span.end();
      }
    });
  };
}
