import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@config-center/testing/harness';

const FIXTURES = join(__dirname, '..', 'fixtures');
const BUILT = join(__dirname, '..', '..', 'dist', 'index.js');

/**
 * One app process on the built packages — by default `fixtures/reporting-app.js`, which reports
 * itself; `output` keeps what it printed.
 */
export class ReportingProcess {
  output = '';
  exitCode: number | null | undefined;
  readonly child: ChildProcess;

  constructor(env: Record<string, string>, fixture = 'reporting-app.js') {
    if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run \`npm run build\` first (npm test does)`);
    this.child = spawn(process.execPath, [join(FIXTURES, fixture)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.on('exit', (code) => (this.exitCode = code));
  }

  async ready(): Promise<void> {
    await waitFor(
      () => {
        if (this.exitCode !== undefined) throw new Error(`the app exited: ${this.output}`);
        return this.output.includes('ready');
      },
      'the app to start',
      20_000,
    );
  }

  async exited(): Promise<void> {
    await waitFor(() => this.exitCode !== undefined, 'the app to exit', 15_000);
  }
}
