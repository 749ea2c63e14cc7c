import { Logger } from '@nestjs/common';
import { map, type Observable, type Subscription } from 'rxjs';
import type { ConfigErrorEvent } from '../interfaces/config-events.interface';
import type { ConfigSource } from '../interfaces/config-source.interface';
import type { ConfigStatus } from '../interfaces/config-status.interface';
import { redact } from '../status/redact';
import { instanceFacts, MAX_RECENT_REJECTIONS, rejectionFact } from './instance-facts';
import type { InstanceRejectionFact } from './instance-facts.interface';
import type { InstanceReporter } from './instance-reporter.interface';

/**
 * The instance reporters of a store's sources: it records rejected updates from the start (so
 * those of startup are reported too), starts the reporters on the store's facts, and closes them.
 */
export class InstanceReporting {
  private readonly logger = new Logger('ConfigCenter');
  private readonly reporters: readonly InstanceReporter[];
  private readonly recorder: Subscription | undefined;
  private rejections: readonly InstanceRejectionFact[] = [];
  private started = false;

  constructor(
    sources: readonly ConfigSource[],
    private readonly status$: Observable<ConfigStatus>,
    errors$: Observable<ConfigErrorEvent>,
  ) {
    this.reporters = sources.flatMap((source) => (source.reporter ? [source.reporter] : []));
    if (this.reporters.length) this.recorder = errors$.subscribe((event) => this.record(event));
  }

  /** Starts every reporter on the facts now and on every status change (a rejection changes the status too). */
  start(): void {
    if (this.started) return;
    this.started = true;
    const facts$ = this.status$.pipe(map((status) => instanceFacts(status, this.rejections)));
    for (const reporter of this.reporters) {
      reporter.start(facts$, (error) => this.logger.warn(`Instance report: ${redact(error.message)}`));
    }
  }

  /** Closes every reporter (its record is taken down); one that fails to close is logged. */
  async close(): Promise<void> {
    this.recorder?.unsubscribe();
    if (!this.started) return;
    const results = await Promise.allSettled(this.reporters.map((reporter) => reporter.close()));
    for (const result of results) {
      if (result.status === 'rejected')
        this.logger.warn(`An instance reporter failed to close: ${redact(String((result.reason as Error)?.message))}`);
    }
  }

  private record(event: ConfigErrorEvent): void {
    const fact = rejectionFact(event, new Date());
    if (fact) this.rejections = [...this.rejections, fact].slice(-MAX_RECENT_REJECTIONS);
  }
}
