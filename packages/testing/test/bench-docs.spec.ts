import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(__dirname, '..', '..', '..', 'scripts', 'bench-docs.js');
const ENVIRONMENT = { node: 'v20.20.2', v8: '11.3.244.8-node.38', platform: 'linux', arch: 'x64', cpu: 'AMD EPYC', cores: 2 };

/** Runs scripts/bench-docs.js as a process; resolves its exit code. */
function benchDocs(resultsDir: string, doc: string): Promise<number> {
  return new Promise((resolve) =>
    execFile(process.execPath, [SCRIPT, resultsDir, doc], (error) => resolve(error ? Number(error.code) : 0)),
  );
}

function writeResult(dir: string, name: string, date: string, bars: object[]): void {
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ name, date, environment: ENVIRONMENT, bars, tables: [], data: {} }));
}

describe('docs/benchmarks.md from bench/results/*.json (scripts/bench-docs.js)', () => {
  let dir: string;
  let results: string;
  let doc: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-docs-'));
    results = join(dir, 'results');
    mkdirSync(results);
    doc = join(dir, 'benchmarks.md');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('renders every bar between the markers, in run order, with the date and the machine, and keeps the rest', async () => {
    writeResult(results, 'startup', '2026-12-07T23:49:04.156Z', [
      { label: 'ready module / loader', measured: 1.4683, kind: 'max', limit: 1.5, unit: '×', pass: true },
    ]);
    writeResult(results, 'read-path', '2026-12-07T23:47:42.654Z', [
      { label: 'a | b', measured: 39.3, kind: 'min', limit: 10, unit: '×', pass: true },
      { label: 'lost', measured: 2, kind: 'max', limit: 0, unit: '', pass: false },
    ]);
    writeFileSync(doc, '# Benchmarks\n\nMethod.\n\n<!-- bench-results:start -->\nold figures\n<!-- bench-results:end -->\n\nAfter.\n');

    expect(await benchDocs(results, doc)).toBe(0);

    expect(readFileSync(doc, 'utf8')).toBe(
      [
        '# Benchmarks\n\nMethod.\n\n<!-- bench-results:start -->\n',
        'Measured 2026-12-07 23:47 UTC to 2026-12-07 23:49 UTC on Node v20.20.2 (V8 11.3.244.8-node.38), linux x64, AMD EPYC, 2 cores.\n',
        '| bench | what is compared | bar | measured | |',
        '|---|---|---|---|---|',
        '| `read-path` | a \\| b | ≥ 10× | 39.30× | pass |',
        '| `read-path` | lost | ≤ 0 | 2 | FAIL |',
        '| `startup` | ready module / loader | ≤ 1.5× | 1.47× | pass |',
        '\n<!-- bench-results:end -->\n\nAfter.\n',
      ].join('\n'),
    );
  });

  it('refuses a doc without the markers, and leaves it as it was', async () => {
    writeFileSync(doc, '# Benchmarks\n');
    expect(await benchDocs(results, doc)).not.toBe(0);
    expect(readFileSync(doc, 'utf8')).toBe('# Benchmarks\n');
  });
});
