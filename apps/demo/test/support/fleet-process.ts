import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { waitFor } from '@config-center/testing/harness';

/** The built fleet command, as `npm run demo:fleet` runs it after building. */
export const FLEET_MAIN = join(__dirname, '..', '..', 'dist', 'fleet', 'fleet-demo.js');

/** One row of the printed table of instances. */
export interface PrintedInstance {
  readonly id: string;
  readonly labels: string;
  readonly url: string;
  readonly port: number;
  readonly pid: number;
}

/**
 * `npm run demo:fleet` in a process of its own — in its own process group, so a test can send
 * SIGINT to the group as a terminal's Ctrl-C does — with its output captured and its printed
 * instructions read back: the working folder, etcd's endpoints, the instances.
 */
export class FleetProcess {
  output = '';
  exitCode: number | null | undefined;
  private readonly child: ChildProcess;

  constructor() {
    if (!existsSync(FLEET_MAIN)) throw new Error(`${FLEET_MAIN} is missing: run \`npm run build\` first (npm test does)`);
    this.child = spawn(process.execPath, [FLEET_MAIN], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.on('exit', (code) => (this.exitCode = code));
  }

  /** Waits for the printed instructions; an exit before them is an error with the output. */
  async ready(timeoutMs = 120_000): Promise<void> {
    await waitFor(
      () => /^Ctrl-C stops/m.test(this.output) || this.exitCode !== undefined,
      'the fleet to print what to type',
      timeoutMs,
      50,
    );
    if (this.exitCode !== undefined) throw new Error(`the fleet exited with ${this.exitCode}: ${this.output}`);
  }

  /** The first printed line matching `pattern`. */
  line(pattern: RegExp): RegExpMatchArray {
    const match = this.output.match(pattern);
    if (!match) throw new Error(`no line matching ${pattern} in the fleet's output:\n${this.output}`);
    return match;
  }

  get dir(): string {
    return this.line(/^ {2}cd (\S+)$/m)[1];
  }

  get endpoints(): string[] {
    return this.line(/^The fleet is up: etcd at (\S+), /m)[1].split(',');
  }

  get instances(): PrintedInstance[] {
    const rows = this.output.matchAll(/^ {2}(demo-\w) {2}(\S+)\s+(http:\/\/127\.0\.0\.1:(\d+)) {2}pid (\d+) {2}log \S+$/gm);
    return [...rows].map((m) => ({ id: m[1], labels: m[2], url: m[3], port: Number(m[4]), pid: Number(m[5]) }));
  }

  /** Sends `signal` to the fleet alone, or to its whole process group (`group`), as Ctrl-C in a terminal does. */
  signal(signal: NodeJS.Signals, group = false): void {
    process.kill(group ? -this.child.pid! : this.child.pid!, signal);
  }

  /** Closes the reading end of its stdout and stderr, as a closed terminal does: its next writes fail (EPIPE). */
  closeOutput(): void {
    this.child.stdout!.destroy();
    this.child.stderr!.destroy();
  }

  async exited(timeoutMs: number): Promise<number | null> {
    await waitFor(() => this.exitCode !== undefined, 'the fleet to exit', timeoutMs, 20);
    return this.exitCode ?? null;
  }

  /** For `afterAll`: removes the working folder, when the fleet printed one and left it behind. */
  async removeDir(): Promise<void> {
    const dir = this.output.match(/^ {2}cd (\S+)$/m)?.[1];
    if (dir) await rm(dir, { recursive: true, force: true });
  }

  /** For `afterAll`: SIGTERM, then SIGKILL to the group if it does not exit. */
  async stop(): Promise<void> {
    if (this.exitCode !== undefined) return;
    this.signal('SIGTERM');
    await this.exited(30_000).catch(() => this.signal('SIGKILL', true));
  }
}

/** An etcd process: its pid and its data dir. */
export interface EtcdProcess {
  readonly pid: number;
  readonly dataDir: string;
}

/**
 * The etcd process that serves clients on the loopback `port`, found by its command line in
 * `/proc` (Linux): the harness's member keeps its pid and data dir to itself, and other test runs
 * on this machine start members of their own.
 */
export function etcdProcessOn(port: number): EtcdProcess {
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (!args.includes(`http://127.0.0.1:${port}`) || !args.includes('--data-dir')) continue;
    return { pid: Number(entry), dataDir: args[args.indexOf('--data-dir') + 1] };
  }
  throw new Error(`no etcd process serves 127.0.0.1:${port}`);
}

/** Whether something accepts TCP connections on the loopback port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Whether a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs shell lines with bash, aliases on, as an operator pastes them. */
export function bash(lines: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', ['shopt -s expand_aliases', ...lines].join('\n')], { timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
    );
  });
}
