import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EtcdCluster } from '@config-center/testing/harness';
import { parseDocument } from 'yaml';
import type { DemoOptions } from '../../src/app.module';

const run = promisify(execFile);

/** Enough, on a loaded 2-core machine, for a hook that may start or stop etcd (the harness waits up to 15 s for a member) and boot the demo. */
export const SETUP_TIMEOUT_MS = 30_000;
const COMMITTED_CONFIG = join(__dirname, '..', '..', 'config', 'app.yaml');

/** Where a test's config lives and how it is changed: the demo's own ways, a file edit or `etcdctl put`. */
export interface ConfigBackend {
  readonly kind: 'file' | 'etcd';
  /** The demo's options for this backend. */
  readonly options: DemoOptions;
  /** How the source that `set` writes to is named in `GET /config/status`. */
  readonly sourcePrefix: string;
  /** Sets a value (path → value); before the app starts or while it runs. */
  set(path: string, value: unknown): Promise<void>;
  close(): Promise<void>;
}

/** A temp copy of the committed `app.yaml`, edited the way editors save (a new file renamed over the old one). */
export class FileBackend implements ConfigBackend {
  readonly kind = 'file';
  readonly sourcePrefix = 'file:';

  private constructor(
    readonly dir: string,
    readonly path: string,
  ) {}

  static async create(): Promise<FileBackend> {
    const dir = await mkdtemp(join(tmpdir(), 'config-center-demo-'));
    const path = join(dir, 'app.yaml');
    await copyFile(COMMITTED_CONFIG, path);
    return new FileBackend(dir, path);
  }

  get options(): DemoOptions {
    return { configPath: this.path, cachePath: join(this.dir, 'cache.json') };
  }

  async set(path: string, value: unknown): Promise<void> {
    const document = parseDocument(await readFile(this.path, 'utf8'));
    document.setIn(path.split('.'), value);
    await writeFile(`${this.path}.tmp`, document.toString());
    await rename(`${this.path}.tmp`, this.path);
  }

  close(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}

/** The committed file as the base, with keys under a fresh etcd prefix written by the real `etcdctl`. */
export class EtcdBackend implements ConfigBackend {
  readonly kind = 'etcd';
  readonly sourcePrefix = 'etcd:';
  private static prefixes = 0;

  private constructor(
    private readonly file: FileBackend,
    private readonly endpoints: readonly string[],
    readonly prefix: string,
  ) {}

  static async create(cluster: EtcdCluster): Promise<EtcdBackend> {
    return new EtcdBackend(
      await FileBackend.create(),
      cluster.endpoints,
      `/config-center/demo-e2e/${process.pid}-${++EtcdBackend.prefixes}/`,
    );
  }

  get options(): DemoOptions {
    return { ...this.file.options, etcd: { endpoints: this.endpoints, prefix: this.prefix } };
  }

  /** `etcdctl put -- <prefix><path with slashes> <JSON value>` (`--`: a value such as `-5` is not a flag). */
  async set(path: string, value: unknown): Promise<void> {
    await etcdctl(this.endpoints, 'put', '--', `${this.prefix}${path.split('.').join('/')}`, asText(value));
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

/** Runs the real `etcdctl` (v3 API) against `endpoints`. */
export async function etcdctl(endpoints: readonly string[], ...args: string[]): Promise<string> {
  const { stdout } = await run('etcdctl', ['--endpoints', endpoints.join(','), ...args], { env: { ...process.env, ETCDCTL_API: '3' } });
  return stdout;
}

/**
 * The backends every live-capability spec runs on: the file, and etcd — one server per spec file,
 * started when the first etcd case needs it (give that `beforeEach` `SETUP_TIMEOUT_MS`); call
 * `stop()` in the file's `afterAll`.
 */
export function backendsUnderTest() {
  let cluster: Promise<EtcdCluster> | undefined;
  return {
    stop: async () => {
      await (await cluster?.catch(() => undefined))?.stop();
    },
    cases: [
      ['file', () => FileBackend.create()],
      ['etcd', async () => EtcdBackend.create(await (cluster ??= EtcdCluster.start()))],
    ] as [string, () => Promise<ConfigBackend>][],
  };
}

/** A value as an operator writes it to a key: a string as it is, anything else as JSON. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
