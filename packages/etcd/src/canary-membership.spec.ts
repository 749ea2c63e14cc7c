import { canaryPoint, isCanaryMember } from './canary-membership';
import type { CanarySelector } from './canary-release';

const ids = Array.from({ length: 50 }, (_, index) => `orders-${index}`);
const release = (selector: CanarySelector, releaseId = 'canary-7f3a') => ({ releaseId, selector });
const members = (selector: CanarySelector, releaseId?: string) =>
  ids.filter((instanceId) => isCanaryMember(release(selector, releaseId), { instanceId, labels: {} }));

describe('canary membership', () => {
  it('selects 3 to 7 of 50 instance ids at 10 %, and the same ones when computed again (a restart)', () => {
    const first = members({ percent: 10 });
    expect(first.length).toBeGreaterThanOrEqual(3);
    expect(first.length).toBeLessThanOrEqual(7);
    expect(members({ percent: 10 })).toEqual(first);
  });

  it('keeps every instance of a smaller percent in a larger one of the same release', () => {
    const ten = members({ percent: 10 });
    const twenty = members({ percent: 20 });
    expect(twenty.length).toBeGreaterThan(ten.length);
    expect(twenty).toEqual(expect.arrayContaining(ten));
    expect(members({ percent: 100 })).toEqual(ids);
  });

  it('draws other instances for another release id', () => {
    const points = ids.map((id) => canaryPoint('canary-7f3a', id));
    const others = ids.map((id) => canaryPoint('canary-91bc', id));
    expect(points).not.toEqual(others);
    for (const point of [...points, ...others]) expect(point >= 0 && point < 1).toBe(true);
  });

  it('selects by labels exactly the instances carrying every selected label', () => {
    const selector = { labels: { zone: 'a', tier: 'web' } };
    expect(isCanaryMember(release(selector), { instanceId: 'x', labels: { zone: 'a', tier: 'web', extra: '1' } })).toBe(true);
    expect(isCanaryMember(release(selector), { instanceId: 'x', labels: { zone: 'a' } })).toBe(false);
    expect(isCanaryMember(release(selector), { instanceId: 'x', labels: { zone: 'b', tier: 'web' } })).toBe(false);
  });
});
