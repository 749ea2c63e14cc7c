import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorCodeOf, isMissing, readMountDirectory, readSingleFile } from './file-tree-reader';

describe('file-tree-reader', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'config-center-reader-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads one file with a digest of its name and bytes', async () => {
    await writeFile(join(dir, 'a.yaml'), 'x: 1\n');
    const first = await readSingleFile(join(dir, 'a.yaml'));
    expect(first.files).toEqual([{ name: 'a.yaml', location: join(dir, 'a.yaml'), bytes: Buffer.from('x: 1\n') }]);
    expect(first.digest).toMatch(/^[0-9a-f]{64}$/);
    expect((await readSingleFile(join(dir, 'a.yaml'))).digest).toBe(first.digest);
    await writeFile(join(dir, 'a.yaml'), 'x: 2\n');
    expect((await readSingleFile(join(dir, 'a.yaml'))).digest).not.toBe(first.digest);
  });

  it('reads the regular files of a directory in name order, through symlinks', async () => {
    await mkdir(join(dir, '..2026_11_20_10_00_00.01'));
    await writeFile(join(dir, '..2026_11_20_10_00_00.01', 'b.yaml'), 'b: 1\n');
    await symlink('..2026_11_20_10_00_00.01', join(dir, '..data'));
    await symlink('..data/b.yaml', join(dir, 'b.yaml'));
    await writeFile(join(dir, 'a'), 'plain');
    const { files } = await readMountDirectory(dir, 32);
    expect(files.map((f) => [f.name, f.bytes.toString()])).toEqual([
      ['a', 'plain'],
      ['b.yaml', 'b: 1\n'],
    ]);
  });

  it('skips dot-entries at every level and dangling symlinks', async () => {
    await writeFile(join(dir, '.hidden'), 'h');
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', '.swap'), 'i');
    await symlink('..data/gone.yaml', join(dir, 'gone.yaml'));
    await writeFile(join(dir, 'kept'), 'k');
    const { files, skipped } = await readMountDirectory(dir, 32);
    expect(files.map((f) => f.name)).toEqual(['kept']);
    expect(skipped).toEqual([]);
  });

  it('reads the files of sub-directories, through a symlinked one, named by their path below the mount', async () => {
    await mkdir(join(dir, '..gen', 'rateLimit'), { recursive: true });
    await writeFile(join(dir, '..gen', 'rateLimit', 'limit'), '5');
    await symlink('..gen', join(dir, '..data'));
    await symlink('..data/rateLimit', join(dir, 'rateLimit'));
    await mkdir(join(dir, 'db', 'pool'), { recursive: true });
    await writeFile(join(dir, 'db', 'pool', 'size'), '4');
    await writeFile(join(dir, 'db.json'), '{}');
    const { files } = await readMountDirectory(dir, 32);
    expect(files.map((f) => [f.name, f.location])).toEqual([
      ['db.json', join(dir, 'db.json')],
      ['db/pool/size', join(dir, 'db', 'pool', 'size')],
      ['rateLimit/limit', join(dir, 'rateLimit', 'limit')],
    ]);
  });

  it('lists, without entering, a directory whose files would be deeper than the limit, and one that loops back', async () => {
    await mkdir(join(dir, 'a', 'b', 'c'), { recursive: true });
    await writeFile(join(dir, 'a', 'b', 'ok'), '1');
    await writeFile(join(dir, 'a', 'b', 'c', 'deep'), '1');
    await mkdir(join(dir, 'x'));
    await symlink('..', join(dir, 'x', 'up'));
    const { files, skipped, digest } = await readMountDirectory(dir, 3);
    expect(files.map((f) => f.name)).toEqual(['a/b/ok']);
    expect(skipped).toEqual([
      { name: 'a/b/c', location: join(dir, 'a', 'b', 'c'), reason: 'too-deep' },
      { name: 'x/up', location: join(dir, 'x', 'up'), reason: 'loop' },
    ]);
    await rm(join(dir, 'x'), { recursive: true });
    expect((await readMountDirectory(dir, 3)).digest).not.toBe(digest);
  });

  it('gives a different digest when a file is renamed, even with the same bytes', async () => {
    await writeFile(join(dir, 'a'), 'same');
    const before = await readMountDirectory(dir, 32);
    await rm(join(dir, 'a'));
    await writeFile(join(dir, 'b'), 'same');
    expect((await readMountDirectory(dir, 32)).digest).not.toBe(before.digest);
  });

  it('throws the fs error for a missing path, which isMissing recognises', async () => {
    const error = await readSingleFile(join(dir, 'none.json')).catch((e: unknown) => e);
    expect(isMissing(error)).toBe(true);
    expect(errorCodeOf(error)).toBe('ENOENT');
    expect(isMissing(await readMountDirectory(join(dir, 'none'), 32).catch((e: unknown) => e))).toBe(true);
    expect(isMissing(new Error('other'))).toBe(false);
    expect(errorCodeOf(new Error('other'))).toBe('unknown error');
  });
});
