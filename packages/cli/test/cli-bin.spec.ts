import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..', '..');
const PACKAGE = join(ROOT, 'packages', 'cli');
const run = promisify(execFile);

/**
 * `config-center` on the PATH of a checkout: after `npm ci && npm run build`, `npx config-center`
 * runs the command. npm links a workspace's bin at install time only when its file exists then, so
 * the bin is a committed file (executable) that loads the built `dist/`. Nothing is installed here:
 * `--no` makes npx fail instead of fetching a package from the registry.
 */
describe('config-center in a checkout', () => {
  it('is a committed, executable bin file that loads the built command', async () => {
    const { bin } = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    const file = join('packages', 'cli', bin['config-center']);
    const { stdout } = await run('git', ['ls-files', '--stage', '--', file], { cwd: ROOT });
    expect(stdout).toMatch(/^100755 /);
    expect(readFileSync(join(ROOT, file), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(bin['config-center']).not.toMatch(/^(\.\/)?dist\//);
  });

  it('runs with npx from the repository root, without installing anything', async () => {
    const { stdout } = await run('npx', ['--no', '--', 'config-center', '--help'], {
      cwd: ROOT,
      env: { ...process.env, npm_config_offline: 'true' },
      timeout: 60_000,
    });
    expect(stdout).toMatch(/^Usage: config-center \[options\] \[command\]/);
    expect(stdout).toContain('publish');
  }, 90_000);
});
