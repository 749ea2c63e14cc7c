import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

const packagesDir = join(__dirname, '..', '..');
const repositoryRoot = join(packagesDir, '..');
const packages = readdirSync(packagesDir).filter((name) => readdirSync(join(packagesDir, name)).includes('package.json'));

type Manifest = Record<string, unknown> & {
  version: string;
  exports?: Record<string, string | Record<string, string>>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

function manifestOf(name: string): Manifest {
  return JSON.parse(readFileSync(join(packagesDir, name, 'package.json'), 'utf8')) as Manifest;
}

/** The subpaths each package exports besides `.` and `./package.json` (DESIGN: ./source-kit, ./harness; ./sections (core and live) for a service's sections module and ./tooling for the CLI, neither loading Nest or rxjs; ./terminus for the health indicator, ./prometheus for the metrics, ./opentelemetry for the span event and OTel metrics; etcd's ./control-prefix, the control prefix rule without loading etcd3, and ./control, the control data without the source). */
const subpaths: Record<string, string[]> = {
  core: ['./source-kit', './sections', './tooling', './secrets', './terminus', './prometheus', './opentelemetry'],
  live: ['./sections'],
  testing: ['./harness'],
  etcd: ['./control-prefix', './control'],
  nacos: ['./protocol'],
};

/** Every `.ts` file under `dir`, specs excluded: what a published package ships. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The package an import specifier names (`@scope/name/sub` → `@scope/name`), or undefined for relative ones. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

describe('package manifests', () => {
  it('covers every package', () => {
    expect(packages.sort()).toEqual(['apollo', 'cli', 'consul', 'core', 'etcd', 'live', 'nacos', 'testing', 'zookeeper']);
  });

  it.each(packages)('@config-center/%s declares every package its sources import', (name) => {
    const root = join(packagesDir, name);
    const manifest = manifestOf(name);
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    const imported = new Set<string>();
    for (const file of sourceFiles(join(root, 'src'))) {
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)) {
        const dependency = packageOf(specifier);
        if (dependency) imported.add(dependency);
      }
    }
    expect(imported.size).toBeGreaterThan(0);
    expect([...imported].filter((dependency) => !declared.has(dependency))).toEqual([]);
  });

  // npm packs a LICENSE from the package's own folder only: each package keeps a copy of the root one.
  it.each(packages)('@config-center/%s has a LICENSE identical to the root one', (name) => {
    const root = readFileSync(join(repositoryRoot, 'LICENSE'), 'utf8');
    expect(root).toMatch(/^MIT License\n\nCopyright \(c\) 2026 config-center contributors\n/);
    expect(readFileSync(join(packagesDir, name, 'LICENSE'), 'utf8')).toBe(root);
  });

  it.each(packages)('@config-center/%s exports its entry points, each with its types, and ships dist (and its bin) only', (name) => {
    const manifest = manifestOf(name);
    expect(Object.keys(manifest.exports ?? {}).sort()).toEqual(['.', './package.json', ...(subpaths[name] ?? [])].sort());
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      if (subpath === './package.json') continue;
      expect(target).toEqual({
        types: expect.stringMatching(/^\.\/dist\/.+\.d\.ts$/),
        default: expect.stringMatching(/^\.\/dist\/.+\.js$/),
      });
      const { types, default: main } = target as Record<string, string>;
      expect(types.replace(/\.d\.ts$/, '')).toBe(main.replace(/\.js$/, ''));
    }
    expect(`./${String(manifest.types)}`).toBe((manifest.exports?.['.'] as Record<string, string>).types);
    // A bin is a committed file outside dist/: npm links it at install time, before any build.
    const bins = Object.values((manifest.bin ?? {}) as Record<string, string>);
    expect(bins.every((file) => file.startsWith('bin/'))).toBe(true);
    expect(manifest).toMatchObject({ license: 'MIT', files: bins.length ? ['bin', 'dist'] : ['dist'] });
  });

  it.each(packages.filter((name) => name !== 'core'))('@config-center/%s takes the core as a peer at its version', (name) => {
    expect(manifestOf(name).peerDependencies?.['@config-center/core']).toBe(`^${manifestOf('core').version}`);
  });

  it('every package that takes NestJS takes 11 or 12', () => {
    const nest = packages.flatMap((name) =>
      Object.entries(manifestOf(name).peerDependencies ?? {})
        .filter(([dependency]) => /^@nestjs\/(common|core)$/.test(dependency))
        .map(([dependency, range]) => `${name}: ${dependency}@${range}`),
    );
    expect(nest.length).toBeGreaterThan(0);
    expect(nest.filter((peer) => !peer.endsWith('@^11.0.0 || ^12.0.0'))).toEqual([]);
  });
});
