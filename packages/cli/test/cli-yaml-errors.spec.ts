import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@config-center/testing/harness';
import { runCli, SECTIONS } from './support/run-cli';

/**
 * `config-center validate` and `publish` of a file that is not valid YAML, the built bin as a
 * process: the file as given, the parser's reason, line and column, never the text. The proposal
 * is read before any backend is asked, so the publish names an address where nothing listens.
 */
describe('config-center on a YAML syntax error', () => {
  let dir: string;
  let unreachable: string[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-yaml-'));
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config', 'app.yaml'), 'rateLimit:\n  limit: 5\n\tttlMs: secret-8209\n');
    mkdirSync(join(dir, 'mount'));
    writeFileSync(join(dir, 'mount', 'greeting.yaml'), 'message: hi\nmessage: secret-8209\n');
    unreachable = ['--etcd', `127.0.0.1:${await freePort()}`, '--prefix', '/cli-yaml/'];
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const tab = 'YAML syntax error at line 3, column 1: a tab indents a line; YAML indents with spaces (TAB_AS_INDENT)';

  it('validate says why and where, and exits 1', async () => {
    const run = await runCli(['--sections', SECTIONS, 'validate', 'config/app.yaml'], { cwd: dir });
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toBe(`config-center: config/app.yaml: ${tab}\n`);
    expect(run.stderr).not.toContain('secret-8209');
  });

  it('publish says the same before it asks the backend, and exits 1', async () => {
    const run = await runCli(['--sections', SECTIONS, ...unreachable, 'publish', 'config/app.yaml', '-m', 'raise the limit'], { cwd: dir });
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toBe(`config-center: config/app.yaml: ${tab}\n`);
    expect(run.stderr).not.toContain('secret-8209');
  });

  it('validate of a directory (a ConfigMap layout) lists the file that holds the error, with why and where', async () => {
    const run = await runCli(['--sections', SECTIONS, 'validate', 'mount'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'greeting.yaml: YAML syntax error at line 2, column 1: a key appears twice in the same mapping (DUPLICATE_KEY) (file:mount)\n',
    );
    expect(run.stdout + run.stderr).not.toContain('secret-8209');
  });
});
