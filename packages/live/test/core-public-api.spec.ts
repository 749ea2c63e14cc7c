import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * `@config-center/live` is built on what an app sees of the core: its app-facing entry points
 * `@config-center/core` and `@config-center/core/sections` (what a sections module imports), never
 * `@config-center/core/source-kit` (the store and its token) nor a path into the core's files.
 * Specs are held to the same rule.
 */
const src = join(__dirname, '..', 'src');
const APP_ENTRIES = ['@config-center/core', '@config-center/core/sections'];

function typescriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typescriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports. */
function specifiersOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map(([, specifier]) => specifier);
}

describe('@config-center/live uses only the public entry point of the core', () => {
  const files = typescriptFiles(src);

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('imports the core through its app-facing entries alone, and nothing outside its own src', () => {
    const reaches = files.flatMap((file) =>
      specifiersOf(file)
        .filter((specifier) => {
          if (specifier.startsWith('.')) return relative(src, resolve(dirname(file), specifier)).startsWith('..');
          return specifier.startsWith('@config-center/core') && !APP_ENTRIES.includes(specifier);
        })
        .map((specifier) => `${relative(src, file)}: ${specifier}`),
    );
    expect(reaches).toEqual([]);
  });

  it('names no internal token or class of the core', () => {
    const named = files.filter((file) => /\b(CONFIG_STORE|ConfigStore|ConfigSnapshot|bindSection)\b/.test(readFileSync(file, 'utf8')));
    expect(named.map((file) => relative(src, file))).toEqual([]);
  });
});
