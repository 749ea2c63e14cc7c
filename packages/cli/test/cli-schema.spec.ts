import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { runCli, SECTIONS } from './support/run-cli';
import { BACKEND_HOOK_TIMEOUT_MS, TEST_BACKENDS, type CliTestBackend } from './support/test-backends';

const MORE_SECTIONS = join(__dirname, 'fixtures', 'more-sections.js');

/** `config-center schema`, the built bin as a process: its output checked by a JSON Schema 2020-12 validator. */
describe('config-center schema', () => {
  let dir: string;
  const validatorOf = (schema: object) => new Ajv2020({ strict: true, allErrors: true }).compile(schema);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-schema-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exports every section at its path, accepting a good config and rejecting a bad one', async () => {
    const run = await runCli(['schema', '--sections', SECTIONS], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const schema = JSON.parse(run.stdout);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.properties)).toEqual(['rateLimit', 'greeting', 'features']);
    expect(schema.properties.rateLimit.properties.limit).toEqual({ type: 'integer', minimum: 1, default: 100 });
    const validate = validatorOf(schema);

    expect(validate({ rateLimit: { limit: 5, ttlMs: 1000 }, greeting: { message: 'hi', shout: true }, features: { checkout: true } })).toBe(
      true,
    );
    expect(validate({ rateLimit: { limit: 5 }, other: { anything: 1 } })).toBe(true);
    for (const bad of [
      { rateLimit: { limit: 0 } },
      { rateLimit: { limit: 1.5 } },
      { greeting: { message: 'x'.repeat(21) } },
      { greeting: { shout: 'loud' } },
      { features: { checkout: 'maybe' } },
    ]) {
      expect({ bad, valid: validate(bad) }).toEqual({ bad, valid: false });
    }
  }, 60_000);

  it('nests dotted section paths, marks required fields and names what it cannot export', async () => {
    const out = join(dir, 'config.schema.json');
    const run = await runCli(['schema', '--sections', MORE_SECTIONS, '--out', 'config.schema.json'], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stdout: `wrote the JSON Schema to ${out}\n` });
    expect(run.stderr).toBe(
      "warning: defineSection('opaque') at 'opaque': its schema library (handmade) offers no JSON Schema (the Standard JSON Schema interface, ~standard.jsonSchema)\n",
    );
    const schema = JSON.parse(readFileSync(out, 'utf8'));
    const database = schema.properties.storage.properties.database;
    expect(database.required).toEqual(['url']);
    expect(database.properties.mode).toEqual({ type: 'string', enum: ['primary', 'replica'], default: 'primary' });
    expect(database.properties.pool.properties.size).toMatchObject({
      type: 'integer',
      maximum: 64,
      $comment: expect.stringContaining('not expressed'),
    });
    expect(schema.properties.opaque.$comment).toContain('offers no JSON Schema');

    const validate = validatorOf(schema);
    expect(validate({ storage: { database: { url: 'postgres://db', pool: { size: 8 } } }, opaque: { anything: true } })).toBe(true);
    expect(validate({ storage: { database: { mode: 'primary' } } })).toBe(false);
    expect(validate({ storage: { database: { url: 'postgres://db', mode: 'standby' } } })).toBe(false);
    expect(validate({ storage: { database: { url: 'postgres://db', pool: { size: 65 } } } })).toBe(false);
  }, 60_000);

  it('exits 2 without a sections module', async () => {
    expect(await runCli(['schema'], { cwd: dir })).toMatchObject({ code: 2, stderr: expect.stringContaining('no sections module') });
  }, 60_000);
});

/** `schema` reads only the sections module: a project on either backend gets the same schema, the backend up or down. */
describe.each(TEST_BACKENDS)('config-center schema in a project on %s', (_name, start) => {
  let backend: CliTestBackend | undefined;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-schema-project-'));
    backend = await start();
    writeFileSync(join(dir, 'config-center.yaml'), `${backend.projectFile}prefix: /cli-schema/orders/\nsections: ${SECTIONS}\n`);
  }, BACKEND_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, BACKEND_HOOK_TIMEOUT_MS);

  it('prints the schema of the sections the project file names, and never needs the backend', async () => {
    const expected = (await runCli(['schema', '--sections', SECTIONS], { cwd: tmpdir() })).stdout;
    const up = await runCli(['schema'], { cwd: dir });
    expect(up).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(up.stdout)).toEqual(JSON.parse(expected));
    await backend!.stop();
    backend = undefined;
    expect(await runCli(['schema', '--json'], { cwd: dir })).toEqual(up);
  }, 60_000);
});
