import type { RetryOptions } from '../interfaces/config-center-options.interface';

const DEFAULTS: Required<RetryOptions> = { initialDelayMs: 200, maxDelayMs: 30_000, factor: 2 };

/**
 * The delay before retry number `attempt` (0-based): exponential, capped, with "equal jitter" —
 * half of the delay is fixed and half random — so that many instances do not retry in step.
 */
export function backoffDelay(attempt: number, options: RetryOptions = {}, random = Math.random): number {
  const { initialDelayMs, maxDelayMs, factor } = { ...DEFAULTS, ...options };
  const ceiling = Math.min(maxDelayMs, initialDelayMs * factor ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
