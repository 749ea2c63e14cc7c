import { ConfigService } from '@nestjs/config';
import { ConfigCenterService } from '@config-center/core';
import type { Bar, BenchResult, Benchmark, Table } from '../lib/bench-result';
import { median, minimum } from '../lib/stats';
import { compileVariant, perRoundRatios, sampleInTurn, type CompiledVariant, type ReadVariant } from '../lib/tight-loop';
import { bootReadPathApps, RateLimitConfig, RateLimitReader, READ_PATH_DATA } from './read-path.fixtures';

const ROUNDS = 151;
const RUN_MS = 2;
const OVERHEAD = 'loop overhead (holder load, no read)';
const BASELINE = 'frozen object read';
const NEST_CONFIG = "@nestjs/config ConfigService.get('rateLimit.limit')";
const CONFIG_VALUE = '@ConfigValue property read';
const LIVE_VIEW = 'live view (injected section) read';

/** Bar 1 of issue 2: the read path costs about a plain read, and far less than `@nestjs/config`. */
export const readPathBenchmark: Benchmark = {
  name: 'read-path',
  async run(): Promise<BenchResult> {
    const { configCenter, nestConfig } = await bootReadPathApps();
    try {
      return measure(variantsOf(configCenter.get(RateLimitReader), configCenter.get(ConfigCenterService), nestConfig.get(ConfigService)));
    } finally {
      await configCenter.close();
      await nestConfig.close();
    }
  },
};

function variantsOf(reader: RateLimitReader, service: ConfigCenterService, nest: ConfigService): ReadVariant[] {
  const expected = READ_PATH_DATA.rateLimit.limit;
  const frozen = Object.freeze({ ...READ_PATH_DATA.rateLimit });
  return [
    { name: OVERHEAD, holder: frozen, read: `(o === undefined ? 0 : ${expected})`, expected },
    { name: BASELINE, holder: frozen, read: 'o.limit', expected },
    { name: CONFIG_VALUE, holder: reader, read: 'o.limit', expected },
    { name: LIVE_VIEW, holder: reader.rate, read: 'o.limit', expected },
    { name: 'snapshot instance held (service.get(Section) once)', holder: service.get(RateLimitConfig), read: 'o.limit', expected },
    { name: 'ConfigCenterService.get(Section).limit', holder: service, read: 'o.get(arg).limit', arg: RateLimitConfig, expected },
    { name: "ConfigCenterService.get('rateLimit.limit')", holder: service, read: "o.get('rateLimit.limit')", expected },
    { name: NEST_CONFIG, holder: nest, read: "o.get('rateLimit.limit')", expected },
  ];
}

function measure(variants: ReadVariant[]): BenchResult {
  const compiled = variants.map(compileVariant);
  const { counts, samples } = sampleInTurn(compiled, ROUNDS, RUN_MS);
  const ratio = (a: string, b: string) => median(perRoundRatios(samples, indexOf(compiled, a), indexOf(compiled, b)));
  const bars: Bar[] = [
    { label: `${CONFIG_VALUE} / ${BASELINE}`, measured: ratio(CONFIG_VALUE, BASELINE), kind: 'max', limit: 3, unit: '×' },
    { label: `${LIVE_VIEW} / ${BASELINE}`, measured: ratio(LIVE_VIEW, BASELINE), kind: 'max', limit: 3, unit: '×' },
    { label: `${NEST_CONFIG} / ${CONFIG_VALUE}`, measured: ratio(NEST_CONFIG, CONFIG_VALUE), kind: 'min', limit: 10, unit: '×' },
    { label: `${NEST_CONFIG} / ${LIVE_VIEW}`, measured: ratio(NEST_CONFIG, LIVE_VIEW), kind: 'min', limit: 10, unit: '×' },
  ];
  return { name: 'read-path', tables: [tableOf(compiled, counts, samples, ratio)], bars, data: dataOf(compiled, counts, samples) };
}

function indexOf(compiled: CompiledVariant[], name: string): number {
  return compiled.findIndex((variant) => variant.name === name);
}

function tableOf(compiled: CompiledVariant[], counts: number[], samples: number[][], ratio: (a: string, b: string) => number): Table {
  return {
    title: `read-path: one config read, ns/op (${ROUNDS} rounds of ~${RUN_MS} ms per variant, order rotated each round)`,
    columns: [
      'variant',
      'reads/run',
      'median ns/op',
      'min ns/op',
      'net of loop ns',
      `× ${BASELINE}`,
      `${NEST_CONFIG.split(' ')[0]} ÷ this`,
    ],
    rows: compiled.map((variant, i) => [
      variant.name,
      counts[i],
      median(samples[i]),
      minimum(samples[i]),
      median(samples[i].map((ns, round) => ns - samples[indexOf(compiled, OVERHEAD)][round])),
      ratio(variant.name, BASELINE),
      ratio(NEST_CONFIG, variant.name),
    ]),
    notes: [
      'Ratios are medians of per-round ratios of ns/op, loop included (both sides timed back to back); "net of loop" is',
      'the median per-round difference to the loop-overhead row, as context. Every read is summed into a sink checked',
      'against value × reads after each run; the holder comes from a 2-slot array, so no read can be hoisted.',
    ],
  };
}

function dataOf(compiled: CompiledVariant[], counts: number[], samples: number[][]): unknown {
  return compiled.map((variant, i) => ({ variant: variant.name, read: variant.read, readsPerRun: counts[i], nsPerOp: samples[i] }));
}
