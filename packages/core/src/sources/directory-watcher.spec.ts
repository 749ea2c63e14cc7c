import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { directoryIdentity, isSameDirectory, watchDirectory } from './directory-watcher';

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('directory-watcher', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'config-center-watcher-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('emits the names of changed entries until unsubscribed, then releases the watcher', async () => {
    const seen: (string | null)[] = [];
    const count = () => process.getActiveResourcesInfo().filter((kind) => kind === 'FSEventWrap').length;
    const before = count();
    const subscription = watchDirectory(dir).subscribe((entry) => seen.push(entry));
    expect(count()).toBe(before + 1);
    await writeFile(join(dir, 'app.yaml'), 'a: 1\n');
    await until(() => seen.includes('app.yaml'));
    subscription.unsubscribe();
    await until(() => count() === before);
  });

  it('errors when the directory does not exist', () => {
    let failure: unknown;
    watchDirectory(join(dir, 'none')).subscribe({ error: (error: unknown) => (failure = error) });
    expect(failure).toMatchObject({ code: 'ENOENT' });
  });

  it('tells a directory from another one created at the same path', async () => {
    const sub = join(dir, 'sub');
    await mkdir(sub);
    const identity = directoryIdentity(sub);
    expect(await isSameDirectory(sub, identity)).toBe(true);
    await rm(sub, { recursive: true });
    expect(await isSameDirectory(sub, identity)).toBe(false);
    expect(() => directoryIdentity(sub)).toThrow(/ENOENT/);
    await mkdir(sub);
    expect(await isSameDirectory(sub, identity)).toBe(false);
  });
});
