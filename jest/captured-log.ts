/**
 * Where a test file's Nest log lines wait until their test ends: the global (of the test file's
 * sandbox) under this key holds a `string[]` that `quiet-node.environment.ts` owns and prints when the
 * test failed, and that `capture-nest-log.setup.ts` fills.
 */
export const CAPTURED_LOG = Symbol.for('config-center.jest.captured-log');

/** The sandbox global, seen as the holder of the captured lines. */
export type CapturedLogHolder = { [CAPTURED_LOG]?: string[] };
