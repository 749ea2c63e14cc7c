import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';
import { CAPTURED_LOG, type CapturedLogHolder } from './captured-log';

/**
 * Jest's node environment, made quiet: the Nest log lines a test writes (collected by
 * `capture-nest-log.setup.ts`) are printed only when that test, or an `afterAll` hook, failed, so
 * expected errors do not read as failures and a real failure still shows what was logged.
 */
export default class QuietNodeEnvironment extends TestEnvironment {
  private readonly lines: string[] = [];

  constructor(...args: ConstructorParameters<typeof TestEnvironment>) {
    super(...args);
    (this.global as CapturedLogHolder)[CAPTURED_LOG] = this.lines;
  }

  /** Lines from `beforeAll` hooks count towards the next test, so a failed start shows its log. */
  handleTestEvent(event: Circus.Event): void {
    if (event.name === 'test_done') this.flush(event.test.errors.length > 0, fullName(event.test));
    if (event.name === 'hook_failure' && event.hook.type === 'afterAll')
      this.flush(true, `afterAll of ${fullName(event.hook.parent) || 'the file'}`);
  }

  private flush(failed: boolean, name: string): void {
    if (failed && this.lines.length > 0) {
      process.stderr.write(`\n  Nest log of "${name}":\n${this.lines.map((line) => `    ${line.replaceAll('\n', '\n    ')}\n`).join('')}`);
    }
    this.lines.length = 0;
  }
}

function fullName(entry: Circus.TestEntry | Circus.DescribeBlock): string {
  const names: string[] = [];
  for (let at: Circus.TestEntry | Circus.DescribeBlock | undefined = entry; at?.parent; at = at.parent) names.unshift(at.name);
  return names.join(' › ');
}
