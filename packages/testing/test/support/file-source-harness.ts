import { mkdir, mkdtemp, readdir, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { FileConfigSource } from '@config-center/core';
import type { ConfigSourceHarness } from '@config-center/testing';

/**
 * How the harness writes: `json-in-place` rewrites `app.json` in place; `yaml-rename` writes
 * `app.yaml` to a temp file and renames it over (as editors and config tools do); `configmap`
 * lays the tree out as a Kubernetes ConfigMap mount — one `<key>.json` per top-level key, linked
 * through `..data`, every write a new timestamped directory and one atomic `..data` swap.
 */
export type FileLayout = 'json-in-place' | 'yaml-rename' | 'configmap';

type Tree = Record<string, unknown>;

/** A conformance harness over a `FileConfigSource` in a fresh temp directory. */
export async function fileSourceHarness(layout: FileLayout): Promise<ConfigSourceHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'config-center-conformance-'));
  const tree: Tree = {};
  let generation = 0;
  const flush = async () => {
    generation++;
    if (layout === 'json-in-place') await writeFile(join(dir, 'app.json'), JSON.stringify(tree));
    else if (layout === 'yaml-rename') await writeRenamed(join(dir, 'app.yaml'), stringify(tree));
    else await writeConfigMap(dir, tree, generation);
  };
  await flush();
  const path = layout === 'configmap' ? dir : join(dir, layout === 'yaml-rename' ? 'app.yaml' : 'app.json');
  return {
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

/** What the kubelet's atomic writer does: new data directory, one `..data` rename, then cleanup. */
async function writeConfigMap(dir: string, tree: Tree, generation: number): Promise<void> {
  const data = `..gen_${generation}`;
  await mkdir(join(dir, data));
  for (const [key, value] of Object.entries(tree)) await writeFile(join(dir, data, `${key}.json`), JSON.stringify(value));
  await symlink(data, join(dir, '..data_tmp'));
  await rename(join(dir, '..data_tmp'), join(dir, '..data'));
  for (const key of Object.keys(tree)) await symlink(join('..data', `${key}.json`), join(dir, `${key}.json`)).catch(ignoreExisting);
  for (const name of await readdir(dir)) {
    const stale = !name.startsWith('.') && !(name.replace(/\.json$/, '') in tree);
    if (stale) await unlink(join(dir, name));
  }
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
