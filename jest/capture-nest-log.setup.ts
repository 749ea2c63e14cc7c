import { Logger, type LoggerService, type LogLevel } from '@nestjs/common';
import { inspect } from 'node:util';
import { CAPTURED_LOG, type CapturedLogHolder } from './captured-log';

/**
 * Sends what Nest's `Logger` writes during a test file to the lines `quiet-node.environment.ts`
 * prints when a test failed, instead of to the console: the default logger of the file and the
 * logger of every testing module (which would otherwise be Nest's `TestingLogger`, printing every
 * error). A test that installs its own logger (`logger: false`, `useLogger`, `overrideLogger`)
 * keeps it.
 */
const lines = (globalThis as CapturedLogHolder)[CAPTURED_LOG];

if (lines) {
  const logger: LoggerService = {
    log: capture(lines, 'log'),
    error: capture(lines, 'error'),
    warn: capture(lines, 'warn'),
    debug: capture(lines, 'debug'),
    verbose: capture(lines, 'verbose'),
    fatal: capture(lines, 'fatal'),
  };
  Logger.overrideLogger(logger);
  // Wrapped when a test file first imports it, so files without testing modules do not load Nest's core.
  jest.mock('@nestjs/testing', () => {
    const testing = jest.requireActual<typeof import('@nestjs/testing')>('@nestjs/testing');
    const createTestingModule = testing.Test.createTestingModule.bind(testing.Test);
    testing.Test.createTestingModule = (...args) => createTestingModule(...args).setLogger(logger);
    return testing;
  });
}

/** A `LoggerService` method that keeps a line: the level, the context (a trailing string, as Nest passes it), the rest. */
function capture(into: string[], level: LogLevel) {
  return (message: unknown, ...params: unknown[]): void => {
    const context = params.length > 0 && typeof params.at(-1) === 'string' ? `[${params.pop() as string}] ` : '';
    const rest = params.filter((param) => param !== undefined).map(text);
    into.push([`${level.toUpperCase()} ${context}${text(message)}`, ...rest].join(' '));
  };
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  return value instanceof Error ? (value.stack ?? value.message) : inspect(value, { depth: 4 });
}
