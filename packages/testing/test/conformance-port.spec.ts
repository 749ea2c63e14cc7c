import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The conformance kit runs a source in the store through its narrow port (`ConfigStorePort`, made
 * by `openConfigStore`): it names neither the `ConfigStore` class nor its DI token, so nothing of
 * the store beyond the port (registration, required paths, swap scopes, error reporting) can creep
 * into a check.
 */
describe('the conformance kit drives the store through its narrow port', () => {
  const dir = join(__dirname, '..', 'src', 'conformance');
  const files = readdirSync(dir).filter((name) => name.endsWith('.ts'));

  it('finds the kit', () => {
    expect(files).toContain('conformance-run.ts');
  });

  it('names neither ConfigStore nor CONFIG_STORE, and opens the store with openConfigStore', () => {
    const texts = files.map((name) => [name, readFileSync(join(dir, name), 'utf8')] as const);
    expect(texts.filter(([, text]) => /\b(ConfigStore|CONFIG_STORE)\b/.test(text)).map(([name]) => name)).toEqual([]);
    expect(texts.filter(([, text]) => text.includes('openConfigStore(')).map(([name]) => name)).toEqual(['conformance-run.ts']);
  });
});
