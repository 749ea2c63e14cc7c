import { mkdir, mkdtemp, readdir, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { FileConfigSource } from '@config-center/core';
import type { ConfigSourceHarness } from '@config-center/testing';

/**
 * How the harness writes: `json-in-place` rewrites `app.json` in place; `yaml-rename` writes
 * `app.yaml` to a temp file and renames it over (as editors and config tools do); `configmap`
 * lays the tree out as a Kubernetes ConfigMap mount — one `<key>.json` per top-level key, linked
 * through `..data`, every write a new timestamped directory and one atomic `..data` swap. A
 * ConfigMap mount also holds raw keys (`writeKey`; `writeKeys` in one `..data` swap) as its files and directories: `rateLimit/limit`
 * is the file `limit` in the directory `rateLimit` (projected with `items[].path`); a key with an
 * empty, `.` or `..` segment, or one starting with a dot (hidden, as `..data` is), cannot be held.
 */
export type FileLayout = 'json-in-place' | 'yaml-rename' | 'configmap';

type Tree = Record<string, unknown>;

/** A conformance harness over a `FileConfigSource` in a fresh temp directory. */
export async function fileSourceHarness(layout: FileLayout): Promise<ConfigSourceHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'config-center-conformance-'));
  const tree: Tree = {};
  const keys = new Map<string, string>();
  let generation = 0;
  const flush = async () => {
    generation++;
    if (layout === 'json-in-place') await writeFile(join(dir, 'app.json'), JSON.stringify(tree));
    else if (layout === 'yaml-rename') await writeRenamed(join(dir, 'app.yaml'), stringify(tree));
    else await writeConfigMap(dir, configMapFiles(tree, keys), generation);
  };
  await flush();
  const path = layout === 'configmap' ? dir : join(dir, layout === 'yaml-rename' ? 'app.yaml' : 'app.json');
  const keyValue: Partial<ConfigSourceHarness> = {
    writeKey: async (key, text) => {
      if (!canHoldKey(key)) throw new Error(`a mounted directory cannot hold the key '${key}'`);
      keys.set(key, text);
      await flush();
    },
    writeKeys: async (entries) => {
      for (const [key, text] of Object.entries(entries)) {
        if (!canHoldKey(key)) throw new Error(`a mounted directory cannot hold the key '${key}'`);
        keys.set(key, text);
      }
      await flush();
    },
    canHoldKey,
  };
  return {
    ...(layout === 'configmap' ? keyValue : {}),
    createSource: async () => new FileConfigSource({ path, name: 'file' }),
    write: async (key, value) => {
      setAt(tree, key, value);
      await flush();
    },
    remove: async (key) => {
      deleteAt(tree, key);
      await flush();
    },
    writeBatch: async (entries) => {
      for (const [key, value] of Object.entries(entries)) setAt(tree, key, value);
      await flush();
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

async function writeRenamed(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

/** Every file of a ConfigMap mount, by its path below the mount: `<key>.json` per top-level key of `tree`, then each raw key. */
function configMapFiles(tree: Tree, keys: ReadonlyMap<string, string>): Map<string, string> {
  const files = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) files.set(`${key}.json`, JSON.stringify(value));
  for (const [key, text] of keys) files.set(key, text);
  return files;
}

/** Whether a mount can hold `key` as files and directories: no empty, `.`, `..` or hidden segment. */
function canHoldKey(key: string): boolean {
  return key.split('/').every((segment) => segment !== '' && !segment.startsWith('.') && Buffer.byteLength(segment) <= 255);
}

/**
 * What the kubelet's atomic writer does: new data directory, one `..data` rename, a link to
 * `..data/<entry>` for each top-level entry, then cleanup.
 */
async function writeConfigMap(dir: string, files: ReadonlyMap<string, string>, generation: number): Promise<void> {
  const data = `..gen_${generation}`;
  await mkdir(join(dir, data));
  for (const [name, text] of files) {
    await mkdir(dirname(join(dir, data, name)), { recursive: true });
    await writeFile(join(dir, data, name), text);
  }
  await symlink(data, join(dir, '..data_tmp'));
  await rename(join(dir, '..data_tmp'), join(dir, '..data'));
  const entries = new Set([...files.keys()].map((name) => name.split('/')[0]));
  for (const entry of entries) await symlink(join('..data', entry), join(dir, entry)).catch(ignoreExisting);
  for (const name of await readdir(dir)) if (!name.startsWith('.') && !entries.has(name)) await unlink(join(dir, name));
  await rm(join(dir, `..gen_${generation - 1}`), { recursive: true, force: true });
}

function ignoreExisting(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EEXIST') throw error;
}

function setAt(tree: Tree, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = tree;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Tree;
  node[keys[keys.length - 1]] = value;
}

function deleteAt(tree: Tree, path: string): void {
  const keys = path.split('.');
  let node: Tree | undefined = tree;
  for (const key of keys.slice(0, -1)) node = node?.[key] as Tree | undefined;
  if (node) delete node[keys[keys.length - 1]];
}
