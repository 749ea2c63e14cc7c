import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigParseError, ConfigSourceError, FileConfigSource } from '@config-center/core';
import { waitFor } from '@config-center/testing/harness';
import { ConfigMapMount, EventRecorder, makeTempDir } from './file-source.fixture';

describe('FileConfigSource: load', () => {
  let dir: string;
  beforeEach(async () => (dir = await makeTempDir()));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads a JSON file, names itself after the path and gives a content revision', async () => {
    const path = join(dir, 'app.json');
    await writeFile(path, '{"rateLimit": {"limit": 5}, "name": "orders"}');
    const source = new FileConfigSource({ path });
    expect(source.name).toBe(`file:${path}`);
    const loaded = await source.load();
    expect(loaded.tree).toEqual({ rateLimit: { limit: 5 }, name: 'orders' });
    expect(loaded.revision).toMatch(/^[0-9a-f]{16}$/);
    await writeFile(path, '{"rateLimit": {"limit": 6}, "name": "orders"}');
    expect((await source.load()).revision).not.toBe(loaded.revision);
    await source.close();
  });

  it('reads a YAML file', async () => {
    const path = join(dir, 'app.yml');
    await writeFile(path, 'rateLimit:\n  limit: 5\n  ttlMs: 1000\nflags: [a, b]\n');
    const source = new FileConfigSource({ path, name: 'app' });
    expect(source.name).toBe('app');
    expect((await source.load()).tree).toEqual({ rateLimit: { limit: '5', ttlMs: '1000' }, flags: ['a', 'b'] });
  });

  it('reads a directory: one key per file, a sub-directory as an object, scalars for files without a known extension', async () => {
    await writeFile(join(dir, 'app.yaml'), 'limit: 5\n');
    await writeFile(join(dir, 'db.json'), '{"host": "db"}');
    await writeFile(join(dir, 'LOG_LEVEL'), 'debug\n');
    await writeFile(join(dir, 'replicas'), '3\n');
    await writeFile(join(dir, 'motd'), 'two lines\n\n');
    await writeFile(join(dir, '.hidden.yaml'), 'skipped: true\n');
    await mkdir(join(dir, 'nested'));
    await writeFile(join(dir, 'nested', 'inner.yaml'), 'read: true\n');
    await writeFile(join(dir, 'nested', '.hidden'), 'skipped');
    const { tree } = await new FileConfigSource({ path: dir }).load();
    expect(tree).toEqual({
      app: { limit: '5' },
      db: { host: 'db' },
      LOG_LEVEL: 'debug',
      replicas: '3',
      motd: 'two lines\n',
      nested: { inner: { read: 'true' } },
    });
  });

  it('reads a ConfigMap mount through its ..data symlinks, as a directory or one file of it', async () => {
    await new ConfigMapMount(dir).update({ 'app.yaml': 'limit: 5\n', mode: 'fast\n' });
    expect((await new FileConfigSource({ path: dir }).load()).tree).toEqual({ app: { limit: '5' }, mode: 'fast' });
    expect((await new FileConfigSource({ path: join(dir, 'app.yaml') }).load()).tree).toEqual({ limit: '5' });
  });

  it('rejects malformed YAML with a ConfigParseError naming the source and the file, not the content', async () => {
    const path = join(dir, 'app.yaml');
    await writeFile(path, 'password: hunter2\n  bad: [indent\n');
    const error = await new FileConfigSource({ path, name: 'cfg' }).load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigParseError);
    expect(error).toMatchObject({ source: 'cfg', location: path });
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('rejects a file with forbidden keys; in a directory, leaves that file out and reports it', async () => {
    const path = join(dir, 'app.json');
    await writeFile(path, '{"a": {"__proto__": {"polluted": true}}}');
    await expect(new FileConfigSource({ path }).load()).rejects.toThrow(ConfigParseError);
    await expect(new FileConfigSource({ path }).load()).rejects.toThrow(/forbidden key '__proto__'/);
    await writeFile(join(dir, 'constructor.yaml'), 'a: 1\n');
    await writeFile(join(dir, 'ok.yaml'), 'b: 2\n');
    const loaded = await new FileConfigSource({ path: dir }).load();
    expect(loaded.tree).toEqual({ ok: { b: '2' } });
    expect(loaded.problems).toEqual([
      { key: path, problem: "forbidden key '__proto__' at 'a'" },
      { key: join(dir, 'constructor.yaml'), problem: "forbidden key 'constructor' in path 'constructor'" },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects a document whose root is not a mapping, such as an empty file', async () => {
    const path = join(dir, 'app.yaml');
    await writeFile(path, '');
    await expect(new FileConfigSource({ path }).load()).rejects.toThrow(/root must be a mapping, not empty/);
    await writeFile(path, '- a\n- b\n');
    await expect(new FileConfigSource({ path }).load()).rejects.toThrow(/not a list/);
  });

  it('fails a missing file with a recoverable ConfigSourceError, and a file given as a directory', async () => {
    const missing = join(dir, 'absent.json');
    const error = await new FileConfigSource({ path: missing }).load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigSourceError);
    expect(error).toMatchObject({ recoverable: true, message: expect.stringContaining('does not exist') });
    await writeFile(join(dir, 'settings'), 'x');
    await expect(new FileConfigSource({ path: join(dir, 'settings') }).load()).rejects.toThrow(/is not a directory/);
  });
});

describe('FileConfigSource: watch errors and closing', () => {
  let dir: string;
  const recorders: EventRecorder[] = [];
  beforeEach(async () => (dir = await makeTempDir()));
  afterEach(async () => {
    recorders.splice(0).forEach((recorder) => recorder.stop());
    await rm(dir, { recursive: true, force: true });
  });

  function record(source: FileConfigSource): EventRecorder {
    const recorder = new EventRecorder(source.watch());
    recorders.push(recorder);
    return recorder;
  }

  it('errors the watch when the watched directory is missing, and when it is removed', async () => {
    const absent = record(new FileConfigSource({ path: join(dir, 'none', 'app.yaml') }));
    expect(absent.failure).toBeInstanceOf(ConfigSourceError);
    expect(absent.failure).toMatchObject({ recoverable: true, message: expect.stringContaining('cannot watch') });

    const sub = join(dir, 'sub');
    await mkdir(sub);
    await writeFile(join(sub, 'app.yaml'), 'limit: 1\n');
    const recorder = record(new FileConfigSource({ path: join(sub, 'app.yaml') }));
    await recorder.nth(1);
    await rm(sub, { recursive: true });
    const failure = await waitFor(() => recorder.failure, 'the watch to error');
    expect(failure).toBeInstanceOf(ConfigSourceError);
    expect((failure as Error).message).toContain('was removed or replaced');
    expect(recorder.trees()).toEqual([{ limit: '1' }]);
  });

  it('errors the watch when the watched directory is replaced by a new one at the same path', async () => {
    const sub = join(dir, 'sub');
    await mkdir(sub);
    await writeFile(join(sub, 'app.yaml'), 'limit: 1\n');
    const recorder = record(new FileConfigSource({ path: join(sub, 'app.yaml'), debounceMs: 100 }));
    await recorder.nth(1);
    await rm(sub, { recursive: true });
    await mkdir(sub);
    await writeFile(join(sub, 'app.yaml'), 'limit: 2\n');
    const failure = await waitFor(() => recorder.failure, 'the watch to error');
    expect((failure as Error).message).toContain('was removed or replaced');
    expect(recorder.trees()).toEqual([{ limit: '1' }]);
  });

  it('refuses to watch after close, and close ends running watches', async () => {
    const path = join(dir, 'app.yaml');
    await writeFile(path, 'limit: 1\n');
    const source = new FileConfigSource({ path });
    let completed = false;
    const subscription = source.watch().subscribe({ complete: () => (completed = true) });
    await source.close();
    expect(completed).toBe(true);
    expect(subscription.closed).toBe(true);
    const recorder = record(source);
    expect(recorder.failure).toMatchObject({ recoverable: false, message: expect.stringContaining('is closed') });
  });

  it('rejects an empty path and a negative debounce', () => {
    expect(() => new FileConfigSource({ path: '' })).toThrow(/path must not be empty/);
    expect(() => new FileConfigSource({ path: 'a.yaml', debounceMs: -1 })).toThrow(/debounceMs/);
  });
});
