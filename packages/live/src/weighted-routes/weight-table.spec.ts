import { WeightTable } from './weight-table';

function counts(picks: string[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const name of picks) result[name] = (result[name] ?? 0) + 1;
  return result;
}

describe('WeightTable', () => {
  it('splits smooth round robin picks exactly by integer weights, interleaved', () => {
    const table = WeightTable.of({ v1: 80, v2: 20 }, ['v1', 'v2'])!;
    const picks = Array.from({ length: 1000 }, () => table.next());
    expect(counts(picks)).toEqual({ v1: 800, v2: 200 });
    expect(picks.slice(0, 10)).toEqual(['v1', 'v1', 'v2', 'v1', 'v1', 'v1', 'v1', 'v2', 'v1', 'v1']);
    for (let start = 0; start < 1000; start += 5) expect(picks.slice(start, start + 5).filter((name) => name === 'v2')).toHaveLength(1);
  });

  it('handles three names with uneven weights', () => {
    const table = WeightTable.of({ a: 5, b: 1, c: 1 }, ['a', 'b', 'c'])!;
    expect(counts(Array.from({ length: 70 }, () => table.next()))).toEqual({ a: 50, b: 10, c: 10 });
  });

  it('never picks a name of weight 0, and ignores names without an implementation', () => {
    const table = WeightTable.of({ v1: 0, v2: 3, v3: 100 }, ['v1', 'v2'])!;
    expect(new Set(Array.from({ length: 50 }, () => table.next()))).toEqual(new Set(['v2']));
    expect([0, 0.5, 0.999].map((fraction) => table.at(fraction))).toEqual(['v2', 'v2', 'v2']);
  });

  it('maps a fraction onto the cumulative weights', () => {
    const table = WeightTable.of({ v1: 80, v2: 20 }, ['v1', 'v2'])!;
    expect([0, 0.79, 0.8, 0.9999].map((fraction) => table.at(fraction))).toEqual(['v1', 'v1', 'v2', 'v2']);
  });

  it('counts invalid weights as 0 and has no table when nothing is left', () => {
    expect(WeightTable.of({ v1: -5, v2: 'x', v3: Number.NaN }, ['v1', 'v2', 'v3'])).toBeUndefined();
    expect(WeightTable.of(undefined, ['v1'])).toBeUndefined();
    expect(WeightTable.of({ v1: -5, v2: 1 }, ['v1', 'v2'])!.weights).toEqual([0, 1]);
  });
});
