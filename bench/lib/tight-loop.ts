import { elapsedNs, now } from './stats';

/** A compiled read loop: reads `n` times through `holders`, summing every value into a sink. */
export type ReadLoop = (holders: readonly object[], n: number, arg: unknown) => number;

/** One way of reading a config value, measured by its own copy of the same loop. */
export interface ReadVariant {
  readonly name: string;
  /** The object the read goes through (a frozen object, a provider, a live view, a service). */
  readonly holder: object;
  /** The read, as a JS expression over `o` (the holder) and `arg`, e.g. `o.limit` or `o.get(arg)`. */
  readonly read: string;
  /** What the read may pass along, such as a section class. */
  readonly arg?: unknown;
  /** The value every read must return; the sink is checked against it after each run. */
  readonly expected: number;
}

/** A variant with its compiled loop. */
export interface CompiledVariant extends ReadVariant {
  readonly loop: ReadLoop;
  readonly holders: readonly object[];
}

let compiled = 0;

/**
 * Compiles the one loop shape for a variant. Every variant gets its own function (a unique source,
 * so V8's compilation cache cannot hand two variants the same function and feedback): each read
 * site stays monomorphic on its own holder, as it would in application code. The holder is loaded
 * from a two-slot array indexed by the loop counter, so the optimizer cannot prove it constant and
 * hoist the read out of the loop — every variant pays that same load. Every value is added into a
 * sink that the caller checks, so no read can be eliminated.
 */
export function compileVariant(variant: ReadVariant): CompiledVariant {
  const source = [
    `'use strict';`,
    `// read-path loop #${++compiled}: ${variant.name.replace(/[^\w .@()'-]/g, '')}`,
    `let sink = 0;`,
    `for (let i = 0; i < n; i++) {`,
    `  const o = holders[i & 1];`,
    `  sink = (sink + ${variant.read}) | 0;`,
    `}`,
    `return sink;`,
  ].join('\n');
  const loop = new Function('holders', 'n', 'arg', source) as ReadLoop;
  return { ...variant, loop, holders: [variant.holder, variant.holder] };
}

/** Runs a variant's loop `n` times and returns ns per read; throws when any read returned a wrong value. */
export function timeVariant(variant: CompiledVariant, n: number): number {
  const start = now();
  const sink = variant.loop(variant.holders, n, variant.arg);
  const ns = elapsedNs(start);
  const expected = Math.imul(n, variant.expected);
  if (sink !== expected) throw new Error(`${variant.name}: sink ${sink} after ${n} reads, expected ${expected}`);
  return ns / n;
}

/**
 * Warms a variant up (so its loop is optimized as a whole function, not only on-stack-replaced)
 * and returns the read count that makes one run last about `targetMs`. The estimate uses the
 * fastest of several probes, so a probe preempted by another process does not shrink the count.
 */
export function calibrate(variant: CompiledVariant, targetMs: number): number {
  for (let i = 0; i < 200; i++) timeVariant(variant, 1_000);
  const probes = Array.from({ length: 7 }, () => timeVariant(variant, 20_000));
  return Math.max(1_000, Math.round((targetMs * 1e6) / Math.min(...probes)));
}

/** What `sampleInTurn` took: per variant, its reads per run and its ns/op of each round. */
export interface TurnSamples {
  readonly counts: number[];
  readonly samples: number[][];
}

/**
 * Calibrates every variant to runs of about `runMs`, then takes `rounds` rounds of one run of each,
 * the order rotated each round, so each round's figures were taken back to back under the same
 * load and a per-round ratio of two variants compares like with like.
 */
export function sampleInTurn(compiled: readonly CompiledVariant[], rounds: number, runMs: number): TurnSamples {
  const counts = compiled.map((variant) => calibrate(variant, runMs));
  const samples = compiled.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < compiled.length; k++) {
      const i = (k + round) % compiled.length;
      samples[i].push(timeVariant(compiled[i], counts[i]));
    }
  }
  return { counts, samples };
}

/** Each round's ns/op of variant `a` ÷ that of variant `b`; take the median of these for a ratio. */
export function perRoundRatios(samples: readonly number[][], a: number, b: number): number[] {
  return samples[a].map((ns, round) => ns / samples[b][round]);
}
