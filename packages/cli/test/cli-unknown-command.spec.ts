import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/run-cli';

/**
 * A mistyped command, run as a process: one line on stderr naming the command typed and the
 * nearest one, the usage exit code (2), and not the program's help.
 */
describe('config-center with an unknown command', () => {
  let dir: string;

  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'config-center-unknown-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one line with the nearest command and exits 2', async () => {
    expect(await runCli(['pubish', 'proposal.yaml'], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: "config-center: unknown command 'pubish' (did you mean 'publish'?)\n",
    });
  });

  it('prints one line without a guess when no command is near', async () => {
    expect(await runCli(['frobnicate'], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: "config-center: unknown command 'frobnicate'\n",
    });
  });

  it('keeps naming the option of a mistyped flag on a known command', async () => {
    const run = await runCli(['validate', '--sectons', 'x.js'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe("config-center: unknown option '--sectons' (did you mean '--sections'?)");
  });
});
