import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('grows exponentially up to the ceiling, with jitter in the upper half', () => {
    const options = { initialDelayMs: 100, maxDelayMs: 1000, factor: 2 };
    expect(backoffDelay(0, options, () => 0)).toBe(50);
    expect(backoffDelay(0, options, () => 1)).toBe(100);
    expect(backoffDelay(3, options, () => 1)).toBe(800);
    expect(backoffDelay(10, options, () => 1)).toBe(1000);
    expect(backoffDelay(10, options, () => 0)).toBe(500);
  });
});
