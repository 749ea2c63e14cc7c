import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, IsNumber, IsOptional, IsString, ValidateNested } from 'class-validator';
import * as v from 'valibot';
import { z } from 'zod';
import { ConfigSection, ConfigValidationError, defineSection, FileConfigSource, type Section } from '@config-center/core';
import { ConfigStore } from '@config-center/core/source-kit';
import { makeTempDir } from './file-source.fixture';

@ConfigSection('asText')
class TextFields {
  @IsString() version = '';
  @IsString() zip = '';
  @IsArray() @IsString({ each: true }) tags: string[] = [];
}

class Limits {
  @IsString() version = '';
  @IsInt() count = 0;
}

@ConfigSection('asTyped')
class TypedFields {
  @IsNumber() version = 0;
  @IsInt() zip = 0;
  @IsArray() @IsInt({ each: true }) ports: number[] = [];
  weights = [0.5];
  @IsBoolean() tls = false;
  @IsOptional() @IsString() note: string | null = 'default';
  @ValidateNested() @Type(() => Limits) limits = new Limits();
}

const Schema = defineSection('schema', z.object({ port: z.number(), version: z.string(), ports: z.array(z.number()) }));

const YAML = `
asText: { version: 1.10, zip: 007, tags: [1.10, 007] }
asTyped:
  version: 1.10
  zip: 007
  ports: [80, 443]
  weights: [0.25, 1]
  tls: true
  note:
  limits: { version: 1.10, count: 007 }
schema: { port: 8080, version: 1.10, ports: [80, 443] }
free: { port: 8080, debug: true, name: api, nothing: ~, list: [1, 2], nested: { ratio: 0.5 } }
`;

let dir = '';

/** A store of one file (`name` holding `text`) and the given sections, loaded. */
async function loadFile(name: string, text: string, sections: Section[]): Promise<ConfigStore> {
  const path = join(dir, name);
  await writeFile(path, text);
  const store = new ConfigStore({ sources: [new FileConfigSource({ path })], sections });
  await store.load();
  return store;
}

function sectionOf<T>(store: ConfigStore, type: Section): T {
  return store.current.sections[store.bindingOf(type).index] as T;
}

describe("a document's values: YAML plain scalars keep their text, the declared type converts them", () => {
  beforeAll(async () => {
    dir = await makeTempDir();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('gives string fields the text and typed fields, lists and nested sections their types', async () => {
    const store = await loadFile('app.yaml', YAML, [TextFields, TypedFields]);
    expect(sectionOf(store, TextFields)).toEqual({ version: '1.10', zip: '007', tags: ['1.10', '007'] });
    const typed = sectionOf<TypedFields>(store, TypedFields);
    expect(typed).toMatchObject({ version: 1.1, zip: 7, ports: [80, 443], weights: [0.25, 1], tls: true, note: null });
    expect(typed.limits).toBeInstanceOf(Limits);
    expect(typed.limits).toEqual({ version: '1.10', count: 7 });
    await store.close();
  });

  it('gives a Standard Schema section numbers where its schema wants them and the text where it wants text', async () => {
    const store = await loadFile('app.yaml', YAML, [Schema]);
    expect(sectionOf(store, Schema)).toEqual({ port: 8080, version: '1.10', ports: [80, 443] });
    await store.close();
  });

  it('names a rejected list item by its path and kind, never its text, where the schema quotes it', async () => {
    const Ports = defineSection('ports', v.object({ list: v.array(v.number()) }));
    const loading = loadFile('bad.yaml', 'ports:\n  list: [80, secret-7719]\n', [Ports]);
    const error = await loading.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as Error).message).toContain('ports.list.1');
    expect((error as Error).message).not.toContain('secret-7719');
  });

  it("reads a path no section covers as each text's JSON value, as before", async () => {
    const store = await loadFile('app.yaml', YAML, []);
    const free = { port: 8080, debug: true, name: 'api', nothing: null, list: [1, 2], nested: { ratio: 0.5 } };
    expect(store.readerFor('free')(store.current)).toEqual(free);
    expect(store.readerFor('free.port')(store.current)).toBe(8080);
    await store.close();
  });

  it("gives a string field a JSON number literal as the number's text: JSON keeps none, quoted text stays", async () => {
    const store = await loadFile('app.json', '{"asText": {"version": 1.10, "zip": "007", "tags": [1.10, "007"]}}', [TextFields]);
    expect(sectionOf(store, TextFields)).toEqual({ version: '1.1', zip: '007', tags: ['1.1', '007'] });
    await store.close();
  });
});
