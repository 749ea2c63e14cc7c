import { watch } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { IsInt, validateSync } from 'class-validator';
import { parse } from 'yaml';
import { ConfigCenterService, FileConfigSource } from '@config-center/core';
import type { Bar, BenchResult, Benchmark } from '../lib/bench-result';
import { startProbeApp } from '../lib/probe-app';
import { formatNumber, median, percentile } from '../lib/stats';

const DEBOUNCE_MS = 25;
const WARMUP = 5;
const ROUNDS = Number(process.env.FILE_BENCH_ROUNDS ?? 40);

/** The baseline's section: the same field `startProbeApp` validates. */
class BaselineSection {
  @IsInt() value = 0;
}

/**
 * The plain way to follow a file: `fs.watch` on its directory, the same debounce, then read, parse
 * the YAML, `plainToInstance` and `validateSync`. Calls `seen` with each validated value.
 */
function watchPlainly(dir: string, file: string, seen: (value: number) => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(dir, () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      void readFile(join(dir, file), 'utf8').then((text) => {
        const instance = plainToInstance(BaselineSection, (parse(text) as { bench?: object } | null)?.bench ?? {});
        if (!validateSync(instance).length) seen(instance.value);
      });
    }, DEBOUNCE_MS);
  });
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}

/**
 * `file-propagation`: a write of a YAML file until its value is seen, alternating the library
 * (`FileConfigSource` with a 25 ms debounce, observed on `changes$` through `@ConfigValue`) and the
 * plain watcher above on a file of its own; warm-up rounds discarded. The test suite checks that
 * every write arrives as one swap; the latency is measured here, against its baseline.
 */
export const filePropagationBenchmark: Benchmark = {
  name: 'file-propagation',
  async run(): Promise<BenchResult> {
    const dir = await mkdtemp(join(tmpdir(), 'config-center-bench-file-'));
    const [libraryDir, baselineDir] = [join(dir, 'library'), join(dir, 'baseline')];
    await Promise.all([mkdir(libraryDir), mkdir(baselineDir)]);
    const write = (at: string, value: number) => writeFile(join(at, 'app.yaml'), `bench:\n  value: ${value}\n`);
    await Promise.all([write(libraryDir, -1), write(baselineDir, -1)]);
    const { app, probe } = await startProbeApp(new FileConfigSource({ path: join(libraryDir, 'app.yaml'), debounceMs: DEBOUNCE_MS }));
    let arrived: (value: number) => void = () => undefined;
    const changes = app.get(ConfigCenterService).changes$.subscribe(() => arrived(probe.value));
    const stop = watchPlainly(baselineDir, 'app.yaml', (value) => arrived(value));
    const library: number[] = [];
    const baseline: number[] = [];
    try {
      for (let round = 0; round < WARMUP + ROUNDS; round++) {
        for (const [at, samples] of [
          [libraryDir, library],
          [baselineDir, baseline],
        ] as const) {
          const seen = new Promise<number>((resolve) => (arrived = (value) => value === round && resolve(performance.now())));
          const written = performance.now();
          await write(at, round);
          const ms = (await seen) - written;
          if (round >= WARMUP) samples.push(ms);
        }
      }
    } finally {
      stop();
      changes.unsubscribe();
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
    const overhead = median(library) - median(baseline);
    const bars: Bar[] = [
      {
        label: 'median(write → @ConfigValue) − median(write → plain fs.watch loader)',
        measured: overhead,
        kind: 'max',
        limit: 5,
        unit: ' ms',
      },
    ];
    const row = (name: string, samples: number[]) => [name, ...[50, 90, 99].map((p) => formatNumber(percentile(samples, p)))];
    const table = {
      title: `file-propagation: a YAML file write until its value is seen, ${DEBOUNCE_MS} ms debounce (ms)`,
      columns: ['watcher', 'median', 'p90', 'p99'],
      rows: [row('FileConfigSource → @ConfigValue', library), row('fs.watch + debounce + parse + validateSync', baseline)],
      notes: [`${ROUNDS} rounds each, alternating, after ${WARMUP} discarded; each includes the debounce.`],
    };
    return { name: 'file-propagation', tables: [table], bars, data: { library, baseline, debounceMs: DEBOUNCE_MS } };
  },
};
