import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { labelsText } from '../instance-report-env';

/** The built demo app every instance runs, as `npm start` does. */
export const DEMO_MAIN = join(__dirname, '..', 'main.js');

/** One instance of the fleet: its id, labels and HTTP port. */
export interface FleetInstanceSpec {
  readonly id: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly port: number;
}

/** What every instance shares: etcd, the config prefix and the base config file. */
export interface FleetInstanceEnv {
  readonly endpoints: readonly string[];
  readonly prefix: string;
  readonly configPath: string;
}

const live = new Set<ChildProcess>();
// Should the fleet die without stopping them (an uncaught error), its instances go with it.
process.once('exit', () => live.forEach((child) => child.kill('SIGKILL')));

/**
 * One demo app in a process of its own, in its own folder (where it keeps its last-good cache and
 * writes `demo.log`), reporting to etcd as `spec.id` with `spec.labels`. It runs in a process group
 * of its own, so a Ctrl-C in the terminal reaches the fleet alone, which stops the instances in order.
 */
export class FleetInstance {
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  constructor(
    readonly spec: FleetInstanceSpec,
    /** The instance's folder: its cache and `demo.log`. */
    readonly dir: string,
    shared: FleetInstanceEnv,
  ) {
    mkdirSync(dir, { recursive: true });
    const log = openSync(this.logPath, 'a');
    try {
      this.child = spawn(process.execPath, [DEMO_MAIN], {
        cwd: dir,
        env: instanceEnv(spec, shared),
        stdio: ['ignore', log, log],
        detached: true,
      });
    } finally {
      closeSync(log);
    }
    live.add(this.child);
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        live.delete(this.child);
        this.exitCode = code ?? (signal ? null : 0);
        resolve(this.exitCode);
      }),
    );
  }

  /** Where the instance's output goes. */
  get logPath(): string {
    return join(this.dir, 'demo.log');
  }

  /** The process id: what `kill -9` takes to show a dead instance leaving `rollout`. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Where the instance answers: `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://127.0.0.1:${this.spec.port}`;
  }

  /** Whether the process has exited, and how: undefined while it runs. */
  get exit(): number | null | undefined {
    return this.exitCode;
  }

  /** The last lines of its log, for an error that says why it did not start. */
  logTail(lines = 15): string {
    try {
      return readFileSync(this.logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  /** SIGTERM (the app closes: its lease is revoked, so its record leaves etcd at once), SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.exitCode !== undefined) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** The parent's environment without what would change the demo (`ETCD_*`, `INSTANCE_*`, `DEMO__*`), plus the instance's own. */
function instanceEnv(spec: FleetInstanceSpec, shared: FleetInstanceEnv): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !/^(ETCD_|INSTANCE_|DEMO__|CONFIG_PATH$)/.test(name));
  return {
    ...Object.fromEntries(inherited),
    NO_COLOR: '1',
    PORT: String(spec.port),
    CONFIG_PATH: shared.configPath,
    ETCD_ENDPOINTS: shared.endpoints.join(','),
    ETCD_PREFIX: shared.prefix,
    INSTANCE_ID: spec.id,
    INSTANCE_LABELS: labelsText(spec.labels),
    UPSTREAM_STAND_INS: 'off',
  };
}
