import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

const packagesDir = join(__dirname, '..', '..');
const repositoryRoot = join(packagesDir, '..');
const packages = readdirSync(packagesDir).filter((name) => readdirSync(join(packagesDir, name)).includes('package.json'));

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
    expect(packages.sort()).toEqual(['consul', 'core', 'etcd', 'live', 'testing']);
  });

  it.each(packages)('@config-center/%s declares every package its sources import', (name) => {
    const root = join(packagesDir, name);
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
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
});
