import type { InputLimits } from '../interfaces/config-center-options.interface';

/** The limits in force when none are given. */
export const DEFAULT_INPUT_LIMITS: Required<InputLimits> = {
  maxDepth: 32,
  maxValueLength: 1024 * 1024,
  maxDocumentLength: 16 * 1024 * 1024,
  maxKeyLength: 4096,
};

/** Keys that would reach an object's prototype if merged naively; never accepted. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
