/**
 * A token bucket that paces a loop: it holds up to `burst` tokens and gains `perSecond` per second.
 * `take()` spends one and says how long to wait before acting on it: 0 while tokens last, so the
 * happy path never waits; under churn the loop settles at `perSecond` iterations per second.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly burst: number,
    readonly perSecond: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.updatedAt = clock();
  }

  /**
   * Spends a token and returns the milliseconds until it is actually available (0 when it is now).
   * A token waited for is reserved: the next `take()` waits for the one after it.
   */
  take(): number {
    const now = this.clock();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) * this.perSecond) / 1000);
    this.updatedAt = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.perSecond;
  }
}
