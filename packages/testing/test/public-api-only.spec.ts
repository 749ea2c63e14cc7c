import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import * as ts from 'typescript';
import { internalUses, repositoryProgram } from './support/dependency-internal-uses';

/**
 * Every package and app reaches its dependencies through their public API only: a bare import
 * names a package, or a subpath that package's `exports` map declares; no source casts its way to
 * a member the types do not offer, and none names a member known to be private; and nothing — source,
 * harness, test or bench — uses a member that a dependency's own typings tag `@internal` or
 * `@private` (read from its `.d.ts` files through the type checker).
 */
const root = join(__dirname, '../../..');

/** Members of our dependencies that are private or `protected`, which earlier code reached with casts. */
const PRIVATE_MEMBERS = [
  '_typeMetadatas',
  '_transformMetadatas',
  '_exposeMetadatas',
  '_excludeMetadatas',
  'defaultMetadataStorage',
  'withConnection',
  'makeUnaryRequest',
  'utf8Slice',
];

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly problem: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(path);
    return /\.ts$/.test(name) && !/\.spec\.ts$/.test(name) ? [path] : [];
  });
}

/** The package name and subpath of a bare specifier: `etcd3/lib/x` → [`etcd3`, `./lib/x`]. */
function splitSpecifier(specifier: string): [string, string | undefined] {
  const parts = specifier.split('/');
  const length = specifier.startsWith('@') ? 2 : 1;
  const rest = parts.slice(length).join('/');
  return [parts.slice(0, length).join('/'), rest ? `./${rest}` : undefined];
}

function declaresSubpath(fromFile: string, name: string, subpath: string): boolean {
  let manifest: { exports?: unknown };
  try {
    manifest = JSON.parse(readFileSync(require.resolve(`${name}/package.json`, { paths: [dirname(fromFile)] }), 'utf8'));
  } catch {
    return false;
  }
  return typeof manifest.exports === 'object' && manifest.exports !== null && subpath in manifest.exports;
}

/** What breaks the rule in one file's text. */
function findReaches(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  text.split('\n').forEach((content, i) => {
    const at = (problem: string) => findings.push({ file: relative(root, file), line: i + 1, problem });
    for (const match of content.matchAll(/(?:from\s+|import\(|require\()\s*'([^']+)'/g)) {
      const specifier = match[1];
      if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
      const [name, subpath] = splitSpecifier(specifier);
      if (subpath && !declaresSubpath(file, name, subpath)) at(`deep import '${specifier}'`);
    }
    if (/\bas\s+any\b/.test(content)) at('a cast to any');
    if (/as\s+unknown\s+as\s+\{/.test(content)) at('a cast to an object type the value does not declare');
    for (const member of PRIVATE_MEMBERS) if (new RegExp(`\\b${member}\\b`).test(content)) at(`private member '${member}'`);
  });
  return findings;
}

describe('dependencies are used through their public API only', () => {
  it('holds for every package and app source', () => {
    const dirs = ['packages', 'apps'].flatMap((top) => readdirSync(join(root, top)).map((name) => join(root, top, name, 'src')));
    const files = dirs.filter((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory()).flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap((file) => findReaches(file, readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('finds deep imports, casts to reach members and private names', () => {
    const file = join(root, 'packages/core/src/example.ts');
    const text = [
      "import { defaultMetadataStorage } from 'class-transformer/cjs/storage';",
      "const storage = require('class-transformer/cjs/storage');",
      'const pool = (client as unknown as { pool: Pool }).pool;',
      'const x = (client as any).kv;',
      "import { Observable } from 'rxjs';",
      "import { map } from 'rxjs/operators';",
    ].join('\n');
    expect(findReaches(file, text).map((f) => [f.line, f.problem])).toEqual([
      [1, "deep import 'class-transformer/cjs/storage'"],
      [1, "private member 'defaultMetadataStorage'"],
      [2, "deep import 'class-transformer/cjs/storage'"],
      [3, 'a cast to an object type the value does not declare'],
      [4, 'a cast to any'],
    ]);
  });

  describe('members a dependency tags @internal or @private', () => {
    let program: ts.Program;
    beforeAll(() => (program = repositoryProgram(root)), 60_000);

    it('are used nowhere: not in src, the harness, tests, apps or bench', () => {
      const files = program.getSourceFiles().map((file) => relative(root, file.fileName));
      for (const dir of ['packages/etcd/src/', 'packages/testing/src/harness/', 'packages/etcd/test/', 'bench/etcd/', 'apps/demo/src/']) {
        expect(files.some((file) => file.startsWith(dir))).toBe(true);
      }
      expect(internalUses(program, root)).toEqual([]);
    }, 60_000);

    it('are found by property access, element access, destructuring, calls and new', () => {
      const file = join(root, 'packages/etcd/src/internal-uses.fixture.ts');
      const text = [
        "import { Etcd3, Watcher } from 'etcd3';",
        'const client = new Etcd3();',
        'void client.watchClient.watch();',
        'const { leaseClient } = client;',
        "void client['maintenance'].status();",
        "void client.watch().prefix('a/').watcher();",
        "void client.getAll().prefix('a/').keys();",
        'void [leaseClient, Watcher];',
      ].join('\n');
      const host = ts.createCompilerHost(program.getCompilerOptions());
      const getSourceFile = host.getSourceFile.bind(host);
      host.getSourceFile = (name, version, ...rest) =>
        name === file ? ts.createSourceFile(name, text, version) : getSourceFile(name, version, ...rest);
      const fixture = ts.createProgram({ rootNames: [file], options: program.getCompilerOptions(), host, oldProgram: program });
      const uses = internalUses(fixture, root).filter((use) => use.file.endsWith('internal-uses.fixture.ts'));
      expect(uses.map(({ line, use }) => [line, use])).toEqual([
        [3, 'etcd3/lib/namespace.d.ts: Namespace.watchClient @internal'],
        [4, 'etcd3/lib/namespace.d.ts: Namespace.leaseClient @internal'],
        [5, 'etcd3/lib/index.d.ts: Etcd3.maintenance @internal'],
        [6, 'etcd3/lib/watch.d.ts: WatchBuilder.watcher @private'],
      ]);
    }, 60_000);
  });
});
