import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withProblemLines } from './problem-lines';
import type { ValidationProblem, ValidationReport } from './validation-report';

describe('withProblemLines', () => {
  let dir: string;
  const report = (source: string, ...paths: string[]): ValidationReport => ({
    valid: false,
    layers: [source],
    sections: ['s'],
    problems: paths.map((path): ValidationProblem => ({ kind: 'validation', path, message: 'bad', source })),
    unknownKeys: [],
    uncoveredKeys: [],
  });
  const located = (result: ValidationReport) => result.problems.map(({ path, file, line }) => [path, file, line]);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-problem-lines-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds keys with dots, list items, keys below JSON text, and leaves a path no file holds unlocated', () => {
    const yaml = '# top\nhttp:\n  a.b: 1\n  routes:\n    - weight: 1\n    - weight: 2\n  json: \'{"x": 1}\'\n';
    writeFileSync(join(dir, 'p.yaml'), yaml);
    const paths = ['http.a.b', 'http.routes.1.weight', 'http.routes.0', 'http.json.x', 'http.missing'];
    const result = withProblemLines(report('file:p.yaml', ...paths), [{ source: 'file:p.yaml', path: join(dir, 'p.yaml') }], dir);
    expect(located(result)).toEqual([
      ['http.a.b', 'p.yaml', 3],
      ['http.routes.1.weight', 'p.yaml', 6],
      ['http.routes.0', 'p.yaml', 5],
      ['http.json.x', 'p.yaml', 7],
      ['http.missing', undefined, undefined],
    ]);
  });

  it('finds a key by its text, as the app maps it: 1.10 and 007 are the keys 1.10 and 007', () => {
    writeFileSync(join(dir, 'p.yaml'), 'versions:\n  1.10: a\n  007: b\n  !!int 2.0: c\n');
    const result = withProblemLines(
      report('file:p.yaml', 'versions.1.10', 'versions.007', 'versions.2.0'),
      [{ source: 'file:p.yaml', path: join(dir, 'p.yaml') }],
      dir,
    );
    expect(located(result)).toEqual([
      ['versions.1.10', 'p.yaml', 2],
      ['versions.007', 'p.yaml', 3],
      ['versions.2.0', 'p.yaml', 4],
    ]);
  });

  it('in a directory, takes the deepest file holding a prefix of the path, and only problems of that layer', () => {
    mkdirSync(join(dir, 'mount', 'db'), { recursive: true });
    writeFileSync(join(dir, 'mount', 'db.json'), '{\n  "host": "h",\n  "port": 1\n}\n');
    writeFileSync(join(dir, 'mount', 'db', 'pool.yml'), 'size: 1\nmax: 2\n');
    const layers = [{ source: 'file:mount', path: join(dir, 'mount') }];
    const result = withProblemLines(report('file:mount', 'db.port', 'db.pool.max'), layers, dir);
    expect(located(result)).toEqual([
      ['db.port', join('mount', 'db.json'), 3],
      ['db.pool.max', join('mount', 'db', 'pool.yml'), 2],
    ]);
    expect(located(withProblemLines(report('etcd:/p/', 'db.port'), layers, dir))).toEqual([['db.port', undefined, undefined]]);
  });
});
