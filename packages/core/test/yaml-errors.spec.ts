import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigParseError, FileConfigSource } from '@config-center/core';
import { KeyMapper } from '@config-center/core/source-kit';
import { makeTempDir } from './file-source.fixture';

/** Documents with one mistake each, on a line that also holds a value no message may quote. */
const BROKEN = [
  {
    mistake: 'a tab indents a line',
    text: 'rateLimit:\n  limit: 5\n\tttlMs: secret-7071\n',
    reason: 'YAML syntax error at line 3, column 1: a tab indents a line; YAML indents with spaces (TAB_AS_INDENT)',
  },
  {
    mistake: 'a key twice',
    text: 'user: app\nhost: db\nport: 5432\nuser: secret-7071\n',
    reason: 'YAML syntax error at line 4, column 1: a key appears twice in the same mapping (DUPLICATE_KEY)',
  },
  {
    mistake: 'a quote left open',
    text: 'greeting:\n  message: hi\n  password: "secret-7071\n',
    reason: 'YAML syntax error at line 4, column 1: a closing quote or bracket is missing (MISSING_CHAR)',
  },
];

describe('a YAML error says why and where, never what the document holds', () => {
  let dir: string;
  beforeEach(async () => (dir = await makeTempDir()));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it.each(BROKEN)('a file with $mistake: the reason, line and column in the file', async ({ text, reason }) => {
    const path = join(dir, 'app.yaml');
    await writeFile(path, text);
    const error = await new FileConfigSource({ path, name: 'file:config/app.yaml' }).load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigParseError);
    expect(error).toMatchObject({ source: 'file:config/app.yaml', location: path, reason });
    expect((error as Error).message).toBe(`Config source 'file:config/app.yaml': cannot read '${path}': ${reason}`);
  });

  it.each(BROKEN)('a *.yaml key with $mistake: the reason, line and column in its value', ({ text, reason }) => {
    const mapped = new KeyMapper().map([
      ['orders/limits', '5'],
      ['orders/db.yaml', text],
    ]);
    expect(mapped.tree).toEqual({ orders: { limits: '5' } });
    expect(mapped.problems).toEqual([{ key: 'orders/db.yaml', problem: reason }]);
  });

  it('says which alias cannot be resolved without naming it, and keeps JSON as it was', async () => {
    const mapped = new KeyMapper().map([
      ['a.yaml', 'token: *secret-7071\n'],
      ['b.json', '{"token": "secret-7071'],
    ]);
    expect(mapped.problems).toEqual([
      { key: 'a.yaml', problem: 'YAML syntax error: an alias names no anchor set before it, or aliases expand past the limit' },
      { key: 'b.json', problem: expect.stringMatching(/^malformed JSON/) },
    ]);
    expect(JSON.stringify(mapped.problems)).not.toContain('secret-7071');
  });
});
