import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@config-center/testing/harness';

/** The built demo's entry point, as `npm start` runs it. */
export const DEMO_MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

/** The demo as `npm start` runs it, in a process of its own, from `cwd` (where it keeps its cache); its output captured. */
export class DemoProcess {
  output = '';
  exitCode: number | null | undefined;
  private readonly child;

  constructor(cwd: string, env: Record<string, string>) {
    if (!existsSync(DEMO_MAIN)) throw new Error(`${DEMO_MAIN} is missing: run \`npm run build\` first (npm test does)`);
    this.child = spawn(process.execPath, [DEMO_MAIN], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.on('exit', (code) => (this.exitCode = code));
  }

  async exited(timeoutMs: number): Promise<number | null> {
    await waitFor(() => this.exitCode !== undefined, 'the demo to exit', timeoutMs);
    return this.exitCode ?? null;
  }

  async stop(): Promise<void> {
    if (this.exitCode !== undefined) return;
    this.child.kill('SIGTERM');
    await this.exited(10_000);
  }
}
