import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('lets a burst through at once, then paces takes at the refill rate', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 4, () => now);
    expect([bucket.take(), bucket.take()]).toEqual([0, 0]);
    expect(bucket.take()).toBe(250);
    now = 250;
    expect(bucket.take()).toBe(250);
    now = 500;
    expect(bucket.take()).toBe(250);
  });

  it('refills up to the burst and no further while idle', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 1, () => now);
    bucket.take();
    bucket.take();
    now = 60_000;
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([0, 0, 1000]);
  });
});
