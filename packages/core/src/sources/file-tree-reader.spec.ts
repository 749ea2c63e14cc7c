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
    const { files } = await readMountDirectory(dir);
    expect(files.map((f) => [f.name, f.bytes.toString()])).toEqual([
      ['a', 'plain'],
      ['b.yaml', 'b: 1\n'],
    ]);
  });

  it('skips dot-entries, sub-directories and dangling symlinks', async () => {
    await writeFile(join(dir, '.hidden'), 'h');
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 'inner'), 'i');
    await symlink('..data/gone.yaml', join(dir, 'gone.yaml'));
    await writeFile(join(dir, 'kept'), 'k');
    const { files } = await readMountDirectory(dir);
    expect(files.map((f) => f.name)).toEqual(['kept']);
  });

  it('gives a different digest when a file is renamed, even with the same bytes', async () => {
    await writeFile(join(dir, 'a'), 'same');
    const before = await readMountDirectory(dir);
    await rm(join(dir, 'a'));
    await writeFile(join(dir, 'b'), 'same');
    expect((await readMountDirectory(dir)).digest).not.toBe(before.digest);
  });

  it('throws the fs error for a missing path, which isMissing recognises', async () => {
    const error = await readSingleFile(join(dir, 'none.json')).catch((e: unknown) => e);
    expect(isMissing(error)).toBe(true);
    expect(errorCodeOf(error)).toBe('ENOENT');
    expect(isMissing(await readMountDirectory(join(dir, 'none')).catch((e: unknown) => e))).toBe(true);
    expect(isMissing(new Error('other'))).toBe(false);
    expect(errorCodeOf(new Error('other'))).toBe('unknown error');
  });
});
