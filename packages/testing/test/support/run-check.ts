import type { ConfigSourceHarness } from '@config-center/testing';
import { ConformanceRun } from '../../src/conformance/conformance-run';
import type { ConformanceSections } from '../../src/conformance/conformance-sections';

/** Runs one check against a harness, with short waits and the kit's sections of one kind, and always ends the run. */
export async function runCheckWith(
  sections: ConformanceSections,
  harness: ConfigSourceHarness,
  check: (run: ConformanceRun) => Promise<void>,
): Promise<void> {
  const run = await ConformanceRun.start(() => harness, 300, sections);
  try {
    await check(run);
  } finally {
    await run.end();
  }
}
