import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IsBoolean, IsNumber, IsString } from 'class-validator';
import {
  ConfigSection,
  ConfigValidationError,
  EnvConfigSource,
  FileConfigSource,
  MemoryConfigSource,
  type ConfigSource,
  type SectionType,
} from '@config-center/core';
import { ConfigStore } from '@config-center/core/source-kit';
import { makeTempDir } from './file-source.fixture';

@ConfigSection('text')
class StringField {
  @IsString() value = 'default';
}

@ConfigSection('text')
class NumberField {
  @IsNumber() value = 0;
}

@ConfigSection('text')
class BooleanField {
  @IsBoolean() value = false;
}

const REJECTED = Symbol('rejected');

/** What a section field of each type, and a path no section covers, make of one text. */
const CASES: [text: string, asString: string, asNumber: unknown, asBoolean: unknown, untyped: unknown][] = [
  ['1.10', '1.10', 1.1, REJECTED, 1.1],
  ['2.0', '2.0', 2, REJECTED, 2],
  ['007', '007', 7, REJECTED, '007'],
  ['1e3', '1e3', 1000, REJECTED, 1000],
  ['true', 'true', REJECTED, true, true],
  ['True', 'True', REJECTED, true, 'True'],
  ['yes', 'yes', REJECTED, REJECTED, 'yes'],
  ['0x1F', '0x1F', REJECTED, REJECTED, '0x1F'],
  ['.inf', '.inf', REJECTED, REJECTED, '.inf'],
  ['null', 'null', REJECTED, REJECTED, null],
  ['', '', REJECTED, REJECTED, ''],
];

/** A source of `text.value`: an environment variable, or a plain scalar of a YAML file in `dir`. */
type SourceOf = (text: string) => Promise<ConfigSource>;

const fromEnv: SourceOf = async (text) => new EnvConfigSource({ prefix: 'APP__', env: { APP__TEXT__VALUE: text } });
let dir = '';
const fromYaml: SourceOf = async (text) => {
  const path = join(dir, 'app.yaml');
  await writeFile(path, `text:\n  value: ${text}\n`);
  return new FileConfigSource({ path });
};

/** Loads `text.value` from a source of `from` into a store with `section`, if given. */
async function load(text: string, section?: SectionType, from = fromEnv): Promise<ConfigStore | typeof REJECTED> {
  const source = await from(text);
  const store = new ConfigStore({ sources: [source], sections: section ? [section] : [] });
  try {
    await store.load();
    return store;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as Error).message).toContain('text.value');
    return REJECTED;
  }
}

async function fieldOf(text: string, section: SectionType, from = fromEnv): Promise<unknown> {
  const store = await load(text, section, from);
  if (store === REJECTED) return REJECTED;
  const value = (store.current.sections[store.bindingOf(section).index] as { value: unknown }).value;
  await store.close();
  return value;
}

describe('values keep their text; the declared type converts them', () => {
  beforeAll(async () => {
    dir = await makeTempDir();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each(CASES)('%j: string %j, number %j, boolean %j, untyped %j', async (text, asString, asNumber, asBoolean, untyped) => {
    expect(await fieldOf(text, StringField)).toBe(asString);
    expect(await fieldOf(text, NumberField)).toBe(asNumber);
    expect(await fieldOf(text, BooleanField)).toBe(asBoolean);
    const store = (await load(text)) as ConfigStore;
    expect(store.readerFor('text.value')(store.current)).toBe(untyped);
    expect(store.current.tree).toEqual({ text: { value: text } });
    await store.close();
  });

  // A plain null, ~ or empty scalar of a YAML document is null, not the text.
  const yamlCases = CASES.filter(([text]) => text !== '' && text !== 'null');
  it.each(yamlCases)(
    '%j as a YAML plain scalar: string %j, number %j, boolean %j, untyped %j',
    async (text, asString, asNumber, asBoolean, untyped) => {
      expect(await fieldOf(text, StringField, fromYaml)).toBe(asString);
      expect(await fieldOf(text, NumberField, fromYaml)).toBe(asNumber);
      expect(await fieldOf(text, BooleanField, fromYaml)).toBe(asBoolean);
      const store = (await load(text, undefined, fromYaml)) as ConfigStore;
      expect(store.readerFor('text.value')(store.current)).toBe(untyped);
      expect(store.current.tree).toEqual({ text: { value: text } });
      await store.close();
    },
  );

  it('reads a subtree no section covers with each text leaf as its JSON value, the same object while unchanged', async () => {
    const source = new EnvConfigSource({ prefix: 'APP__', env: { APP__TEXT__A: '5', APP__TEXT__B: 'debug', APP__TEXT__C: '[1,"x"]' } });
    const store = new ConfigStore({ sources: [source] });
    await store.load();
    const read = store.readerFor('text');
    expect(read(store.current)).toEqual({ a: 5, b: 'debug', c: [1, 'x'] });
    expect(read(store.current)).toBe(read(store.current));
    await store.close();
  });

  it('keeps a text leaf that holds JSON structure as text, however deep, and reads it as the same value each time', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const source = new MemoryConfigSource({ text: { deep, list: '[1,2]', n: '5' } });
    const store = new ConfigStore({ sources: [source] });
    await store.load();
    const read = store.readerFor('text');
    expect(read(store.current)).toEqual({ deep, list: '[1,2]', n: 5 });
    expect(read(store.current)).toBe(read(store.current));
    expect(store.readerFor('text.list')(store.current)).toBe('[1,2]');
    await store.close();
  });
});
