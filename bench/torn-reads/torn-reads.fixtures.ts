import { Injectable } from '@nestjs/common';
import { IsInt } from 'class-validator';
import { ConfigCenterService, ConfigSection, ConfigValue, OnConfigChange } from '@config-center/core';

/** The pair every batch writes to one new value: any read that sees `a !== b` is torn. */
@ConfigSection('pair')
export class PairConfig {
  @IsInt() a = 0;
  @IsInt() b = 0;
}

/** How a check read the pair: from one snapshot, or with two reads in the same tick. */
export type ReadMethod = 'snapshot' | 'live view, same tick' | '@ConfigValue, same tick';

/** Counts consistency checks and mismatches, by where the reader ran and how it read. */
export class TornReadTally {
  private readonly counts = new Map<string, { where: string; method: ReadMethod; checks: number; mismatches: number }>();

  check(where: string, method: ReadMethod, consistent: boolean): void {
    const id = `${where}\u0000${method}`;
    let count = this.counts.get(id);
    if (!count) this.counts.set(id, (count = { where, method, checks: 0, mismatches: 0 }));
    count.checks++;
    if (!consistent) count.mismatches++;
  }

  /** Every (where, method) pair with its counts, in the order first seen. */
  entries(): { where: string; method: ReadMethod; checks: number; mismatches: number }[] {
    return [...this.counts.values()].map((count) => ({ ...count }));
  }

  /** Checks and mismatches summed over one read method. */
  total(method: ReadMethod): { checks: number; mismatches: number } {
    const of = this.entries().filter((count) => count.method === method);
    return { checks: of.reduce((sum, c) => sum + c.checks, 0), mismatches: of.reduce((sum, c) => sum + c.mismatches, 0) };
  }
}

/** A provider that reads the pair every way an application can, and checks it on each change. */
@Injectable()
export class PairWatcher {
  @ConfigValue('pair.a') readonly a!: number;
  @ConfigValue('pair.b') readonly b!: number;

  constructor(
    readonly view: PairConfig,
    readonly config: ConfigCenterService,
    readonly tally: TornReadTally,
  ) {}

  @OnConfigChange(PairConfig)
  onPair(next: PairConfig, previous: PairConfig): void {
    this.tally.check('@OnConfigChange (next, previous)', 'snapshot', next.a === next.b && previous.a === previous.b);
    this.checkNow('@OnConfigChange handler');
  }

  /** Checks the pair through `service.get`, the live view and the `@ConfigValue` properties. */
  checkNow(where: string): number {
    const snapshot = this.config.get(PairConfig);
    this.tally.check(where, 'snapshot', snapshot.a === snapshot.b);
    this.tally.check(where, 'live view, same tick', this.view.a === this.view.b);
    this.tally.check(where, '@ConfigValue, same tick', this.a === this.b);
    return snapshot.a;
  }
}
