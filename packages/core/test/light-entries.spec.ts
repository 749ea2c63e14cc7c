import { execFileSync } from 'node:child_process';

/**
 * The entries a tool loads on every run — `@config-center/core/sections` (a service's sections
 * module), `@config-center/core/tooling` (the CLI's validation), `@config-center/core/secrets` (the
 * CLI's encrypt and decrypt) and `@config-center/live/sections` —
 * load neither Nest nor rxjs (at most class-validator, class-transformer and yaml).
 * Checked on the built packages (`npm test` builds first), in a fresh process each.
 */
const ENTRIES = [
  '@config-center/core/sections',
  '@config-center/core/tooling',
  '@config-center/core/secrets',
  '@config-center/live/sections',
];

/** The packages under node_modules a fresh process has loaded after requiring `entry`. */
function packagesLoadedBy(entry: string): string[] {
  const script = `
    require('reflect-metadata');
    require(${JSON.stringify(entry)});
    const names = Object.keys(require.cache).map((file) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(file)?.[1]).filter(Boolean);
    process.stdout.write(JSON.stringify([...new Set(names)].sort()));
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: __dirname, encoding: 'utf8' })) as string[];
}

describe('the light entries', () => {
  it.each(ENTRIES)('%s loads neither Nest nor rxjs', (entry) => {
    const loaded = packagesLoadedBy(entry);
    expect(loaded.filter((name) => name.startsWith('@nestjs/') || name === 'rxjs')).toEqual([]);
  });

  it('@config-center/core/tooling loads class-validator only when a class section is bound', () => {
    expect(packagesLoadedBy('@config-center/core/tooling')).not.toContain('class-validator');
  });

  it('the main entry still loads Nest (the light entries are what keeps a tool off it)', () => {
    expect(packagesLoadedBy('@config-center/core')).toEqual(expect.arrayContaining(['@nestjs/common', 'rxjs']));
  });
});
