import fsPromises, { rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigParseError, ConfigSourceError, FileConfigSource } from '@config-center/core';
import { waitFor } from '@config-center/testing/harness';
import { ConfigMapMount, EventRecorder, makeTempDir } from './file-source.fixture';

describe('FileConfigSource: watch', () => {
  let dir: string;
  let source: FileConfigSource;
  let recorder: EventRecorder;

  beforeEach(async () => (dir = await makeTempDir()));
  afterEach(async () => {
    recorder?.stop();
    await source?.close();
    jest.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  /** Starts a watch on `path` and waits for its first event, the re-read of the current content. */
  async function watch(path: string): Promise<void> {
    source = new FileConfigSource({ path });
    recorder = new EventRecorder(source.watch());
    await recorder.nth(1);
  }

  it('begins with a replace of the current content, changed since load or not', async () => {
    const path = join(dir, 'app.json');
    await writeFile(path, '{"limit": 1}');
    source = new FileConfigSource({ path });
    const loaded = await source.load();
    await writeFile(path, '{"limit": 2}');
    recorder = new EventRecorder(source.watch());
    const first = await recorder.nth(1);
    expect(first).toEqual({ kind: 'replace', tree: { limit: 2 }, revision: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(first).not.toMatchObject({ revision: loaded.revision });
  });

  it('sees an in-place write, as one replace', async () => {
    const path = join(dir, 'app.yaml');
    await writeFile(path, 'limit: 1\n');
    await watch(path);
    await writeFile(path, 'limit: 2\nttlMs: 10\n');
    await waitFor(() => recorder.trees().length === 2, 'the second tree');
    expect(recorder.trees()).toEqual([{ limit: '1' }, { limit: '2', ttlMs: '10' }]);
  });

  it('emits nothing for a rewrite with identical bytes', async () => {
    const path = join(dir, 'app.yaml');
    await writeFile(path, 'limit: 1\n');
    const reads = jest.spyOn(fsPromises, 'readFile');
    await watch(path);
    const before = reads.mock.calls.length;
    await writeFile(path, 'limit: 1\n');
    await waitFor(() => reads.mock.calls.length > before, 'the rewrite to be read');
    await Promise.allSettled(reads.mock.results.map((result) => result.value));
    await writeFile(path, 'limit: 3\n');
    await waitFor(() => recorder.events.length === 2, 'the change after the rewrite');
    expect(recorder.trees()).toEqual([{ limit: '1' }, { limit: '3' }]);
  });

  it('sees an editor-style write: a temp file renamed over the file', async () => {
    const path = join(dir, 'app.json');
    await writeFile(path, '{"limit": 1}');
    await watch(path);
    await writeFile(`${path}.tmp`, '{"limit": 2}');
    await rename(`${path}.tmp`, path);
    await waitFor(() => recorder.trees().length === 2, 'the renamed file');
    expect(recorder.events).toEqual([
      expect.objectContaining({ kind: 'replace', tree: { limit: 1 } }),
      expect.objectContaining({ kind: 'replace', tree: { limit: 2 } }),
    ]);
  });

  it('waits out a file moved away and written again, without reporting it missing', async () => {
    const path = join(dir, 'app.yaml');
    await writeFile(path, 'limit: 1\n');
    await watch(path);
    await rename(path, `${path}~`);
    await writeFile(path, 'limit: 2\n');
    await waitFor(() => recorder.trees().length === 2, 'the rewritten file');
    expect(recorder.errors()).toEqual([]);
  });

  it.each([
    ['missing', (path: string) => rename(path, `${path}~`)],
    ['empty', (path: string) => writeFile(path, '')],
  ])('gives a file found %s one more debounce period to be written', async (state, interrupt) => {
    const path = join(dir, 'app.yaml');
    await writeFile(path, 'limit: 1\n');
    const reads = jest.spyOn(fsPromises, 'readFile');
    source = new FileConfigSource({ path, debounceMs: 150 });
    recorder = new EventRecorder(source.watch());
    await recorder.nth(1);
    await interrupt(path);
    await waitFor(() => reads.mock.calls.length > 1, 'the read of the interrupted file', 3000);
    const outcomes = await Promise.allSettled(reads.mock.results.slice(1).map((result) => result.value as Promise<Buffer>));
    expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.length : 'missing'))).toEqual([
      state === 'empty' ? 0 : 'missing',
    ]);
    await writeFile(path, 'limit: 2\n');
    await waitFor(() => recorder.trees().length === 2, 'the completed file');
    expect(recorder.errors()).toEqual([]);
  });

  it('reports a file that stays empty as an error event', async () => {
    const path = join(dir, 'app.yaml');
    await writeFile(path, 'limit: 1\n');
    await watch(path);
    await writeFile(path, '');
    const error = await waitFor(() => recorder.errors()[0], 'the empty-file error');
    expect(error).toBeInstanceOf(ConfigParseError);
    expect(error.message).toContain('root must be a mapping, not empty');
    expect(recorder.trees()).toEqual([{ limit: '1' }]);
  });

  it('follows a ConfigMap ..data swap of a mounted directory', async () => {
    const mount = new ConfigMapMount(dir);
    await mount.update({ 'app.yaml': 'limit: 1\n', mode: 'slow\n' });
    await watch(dir);
    await mount.update({ 'app.yaml': 'limit: 2\n', mode: 'fast\n' });
    await waitFor(() => recorder.trees().length === 2, 'the swapped ConfigMap');
    expect(recorder.trees()).toEqual([
      { app: { limit: '1' }, mode: 'slow' },
      { app: { limit: '2' }, mode: 'fast' },
    ]);
    expect(recorder.errors()).toEqual([]);
  });

  it('follows a ConfigMap ..data swap when watching one file of the mount', async () => {
    const mount = new ConfigMapMount(dir);
    await mount.update({ 'app.yaml': 'limit: 1\n' });
    await watch(join(dir, 'app.yaml'));
    for (const limit of [2, 3]) await mount.update({ 'app.yaml': `limit: ${limit}\n` });
    await waitFor(() => recorder.trees().some((tree) => tree.limit === '3'), 'the second swap');
    expect(recorder.trees()[0]).toEqual({ limit: '1' });
    expect(recorder.errors()).toEqual([]);
  });

  it('reports a half-written file as an error event, then recovers when it is complete', async () => {
    const path = join(dir, 'app.json');
    await writeFile(path, '{"limit": 1, "password": "hunter2"}');
    await watch(path);
    await writeFile(path, '{"limit": 2, "password": "hunt');
    const error = await waitFor(() => recorder.errors()[0], 'the parse error');
    expect(error).toBeInstanceOf(ConfigParseError);
    expect(error).toMatchObject({ source: `file:${path}`, location: path });
    expect(error.message).not.toContain('hunt');
    await writeFile(path, '{"limit": 2, "password": "hunter2"}');
    await waitFor(() => recorder.trees().length === 2, 'the repaired file');
    expect(recorder.events.map((event) => event.kind)).toEqual(['replace', 'error', 'replace']);
    expect(recorder.trees()[1]).toEqual({ limit: 2, password: 'hunter2' });
  });

  it('reports a deleted file as an error event, never an empty tree, and picks it up again', async () => {
    const path = join(dir, 'app.yaml');
    await writeFile(path, 'limit: 1\n');
    await watch(path);
    await unlink(path);
    const error = await waitFor(() => recorder.errors()[0], 'the missing-file error');
    expect(error).toBeInstanceOf(ConfigSourceError);
    expect(error.message).toContain('is missing');
    await writeFile(path, 'limit: 4\n');
    await waitFor(() => recorder.trees().length === 2, 'the restored file');
    expect(recorder.trees()).toEqual([{ limit: '1' }, { limit: '4' }]);
  });

  it('follows a directory as files come and go', async () => {
    await writeFile(join(dir, 'a.yaml'), 'x: 1\n');
    await watch(dir);
    await writeFile(join(dir, 'b'), 'true\n');
    await waitFor(() => recorder.trees().length === 2, 'the added file');
    await unlink(join(dir, 'a.yaml'));
    await waitFor(() => recorder.trees().length === 3, 'the removed file');
    expect(recorder.trees()).toEqual([{ a: { x: '1' } }, { a: { x: '1' }, b: 'true' }, { b: 'true' }]);
  });

  it('holds back a ConfigMap update that makes a file unreadable, naming the file; its other files come with the next update', async () => {
    const mount = new ConfigMapMount(dir);
    await mount.update({ 'a.yaml': 'x: 1\n', 'b.json': '{"v": 1}' });
    source = new FileConfigSource({ path: dir });
    expect((await source.load()).tree).toEqual({ a: { x: '1' }, b: { v: 1 } });
    recorder = new EventRecorder(source.watch());
    await recorder.nth(1);
    await mount.update({ 'a.yaml': 'x: 2\n', 'b.json': '{"token": "s3cret' });
    await waitFor(() => recorder.errors().length === 1, 'the error of the update');
    await mount.update({ 'a.yaml': 'x: 2\n', 'b.json': '{"token": "s3cret', c: 'text\n' });
    await waitFor(() => recorder.trees().some((tree) => 'c' in tree), 'the update after the bad one');
    expect(recorder.trees()).toEqual([
      { a: { x: '1' }, b: { v: 1 } },
      { a: { x: '2' }, b: { v: 1 }, c: 'text' },
    ]);
    const errors = recorder.errors();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ConfigParseError);
    expect(errors[0].message).toContain(join(dir, 'b.json'));
    expect(errors[0].message).toContain('not applied');
    expect(errors[0].message).not.toContain('s3cret');
  });
});
