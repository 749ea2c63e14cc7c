import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@config-center/testing/harness';

/** The app the rollout specs run: the fixture sections, a reporting `EtcdConfigSource`, from the built packages. */
const APP = join(__dirname, '..', 'fixtures', 'rollout-app.js');
const BUILT_ETCD = join(__dirname, '..', '..', '..', 'etcd', 'dist', 'index.js');

/** Who one instance is: its id, zone label, lease TTL and whether it has the `cache` section only some instances have. */
export interface RolloutAppOptions {
  readonly hosts: readonly string[];
  readonly prefix: string;
  readonly instanceId: string;
  readonly zone: string;
  readonly ttlSeconds: number;
  readonly extraSection?: boolean;
  /** The etcd user it connects as (none: etcd without auth). */
  readonly auth?: { readonly username: string; readonly password: string };
}

/** One app process reporting itself to etcd; `output` keeps what it printed. */
export class RolloutAppProcess {
  output = '';
  exitCode: number | null | undefined;
  readonly child: ChildProcess;

  constructor(readonly options: RolloutAppOptions) {
    if (!existsSync(BUILT_ETCD)) throw new Error(`${BUILT_ETCD} is missing: run \`npm run build\` first (npm test does)`);
    const env = {
      ETCD_HOSTS: options.hosts.join(','),
      PREFIX: options.prefix,
      INSTANCE_ID: options.instanceId,
      ZONE: options.zone,
      TTL_SECONDS: String(options.ttlSeconds),
      EXTRA: options.extraSection ? '1' : '0',
      ...(options.auth && { ETCD_USERNAME: options.auth.username, ETCD_PASSWORD: options.auth.password }),
    };
    this.child = spawn(process.execPath, [APP], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.on('exit', (code) => (this.exitCode = code));
  }

  /** Waits for `ready` (the app bootstrapped and its reporter started). */
  async ready(): Promise<void> {
    await waitFor(
      () => {
        if (this.exitCode !== undefined) throw new Error(`${this.options.instanceId} exited: ${this.output}`);
        return this.output.includes('ready');
      },
      `${this.options.instanceId} to start`,
      30_000,
    );
  }

  /** Sends `signal` and, unless it is SIGSTOP or SIGCONT, waits for the exit. */
  async signal(signal: NodeJS.Signals): Promise<void> {
    this.child.kill(signal);
    if (signal === 'SIGSTOP' || signal === 'SIGCONT') return;
    await waitFor(() => this.exitCode !== undefined, `${this.options.instanceId} to exit`, 15_000);
  }

  /** Ends it if it still runs (SIGCONT first, in case it was stopped). */
  kill(): void {
    if (this.exitCode !== undefined) return;
    this.child.kill('SIGCONT');
    this.child.kill('SIGKILL');
  }
}
