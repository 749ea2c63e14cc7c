import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CLI_BIN, runCli } from './support/run-cli';

const ROOT = join(__dirname, '..', '..', '..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const run = promisify(execFile);

/** Every key `readProjectFile` accepts, written out here as the README lists them. */
const PROJECT_KEYS = [
  'etcd',
  'endpoints',
  'username',
  'password',
  'tls',
  'ca',
  'cert',
  'key',
  'consul',
  'url',
  'token',
  'prefix',
  'sections',
  'base',
  'author',
  'controlPrefix',
];

/** A folder for an app named `name`, whose node_modules are the repository's (as an installed app has its own). */
function appFolder(parent: string, name: string): string {
  const dir = join(parent, name);
  mkdirSync(dir);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Compiles the skeleton as a Nest app's build does (decorators, their metadata, src → dist). */
async function build(dir: string): Promise<void> {
  const options = ['--strict', '--experimentalDecorators', '--emitDecoratorMetadata', '--skipLibCheck', '--types', 'node'];
  const layout = ['--module', 'commonjs', '--target', 'es2022', '--rootDir', 'src', '--outDir', 'dist'];
  await run(process.execPath, [TSC, ...options, ...layout, 'src/config/sections.ts'], { cwd: dir, timeout: 120_000 });
}

/**
 * `config-center init` on a terminal: util-linux `script` gives it a pseudo-terminal; the answers
 * are typed once the first question shows. Resolves the exit code.
 */
function initOnTerminal(dir: string, answers: string): Promise<number | null> {
  const child = spawn('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_BIN)} init`, '/dev/null'], {
    cwd: dir,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let shown = '';
  child.stdout.on('data', (chunk: Buffer) => {
    if (shown.includes('backend')) return;
    shown += chunk.toString();
    if (shown.includes('backend')) child.stdin.write(answers);
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

/** `config-center init` as a process, stdin not a terminal: it asks nothing, and what it writes works. */
describe('config-center init', () => {
  let parent: string;

  beforeAll(() => (parent = mkdtempSync(join(tmpdir(), 'config-center-init-'))));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('writes a commented project file and a sections skeleton that validate loads once built', async () => {
    const dir = appFolder(parent, 'orders-service');
    const init = await runCli(['init'], { cwd: dir });
    expect(init).toMatchObject({ code: 0, stderr: '' });
    expect(init.stdout).toContain('wrote config-center.yaml\nwrote src/config/sections.ts\n');

    const project = readFileSync(join(dir, 'config-center.yaml'), 'utf8');
    expect(project).toMatch(/^etcd:\n {2}endpoints: \[127\.0\.0\.1:2379\]/m);
    expect(project).toMatch(/^prefix: \/configs\/orders-service\/$/m);
    expect(project).toMatch(/^sections: dist\/config\/sections\.js\b/m);
    expect(project).toMatch(/^# consul:$/m);
    expect(PROJECT_KEYS.filter((key) => !new RegExp(`^[# ]*${key}:`, 'm').test(project))).toEqual([]);
    expect(project).toContain('$CONFIG_CENTER_HASH_KEY');
    expect(project).toContain('--request-timeout');

    await build(dir);
    writeFileSync(join(dir, 'good.yaml'), 'example:\n  limit: 5\n');
    writeFileSync(join(dir, 'bad.yaml'), 'example:\n  limit: 0\n');
    expect(await runCli(['validate', 'good.yaml'], { cwd: dir })).toMatchObject({ code: 0 });
    const bad = await runCli(['validate', 'bad.yaml'], { cwd: dir });
    expect(bad).toMatchObject({ code: 1, stdout: expect.stringContaining('example.limit') });
  }, 180_000);

  it('refuses to overwrite a file it would write, naming it, unless --force', async () => {
    const dir = appFolder(parent, 'refuses');
    mkdirSync(join(dir, 'src', 'config'), { recursive: true });
    writeFileSync(join(dir, 'src', 'config', 'sections.ts'), '// mine\n');
    expect(await runCli(['init'], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'config-center: init: src/config/sections.ts already exists (--force overwrites it)\n',
    });
    expect(readFileSync(join(dir, 'src', 'config', 'sections.ts'), 'utf8')).toBe('// mine\n');
    expect(await runCli(['init', '--force'], { cwd: dir })).toMatchObject({ code: 0 });
    expect(readFileSync(join(dir, 'src', 'config', 'sections.ts'), 'utf8')).toContain("@ConfigSection('example')");
    const again = await runCli(['init'], { cwd: dir });
    expect(again).toMatchObject({ code: 2, stderr: 'config-center: init: config-center.yaml already exists (--force overwrites it)\n' });
  }, 60_000);

  it('writes a Consul project file from the flags, which validate reads', async () => {
    const dir = appFolder(parent, 'consul-service');
    const init = await runCli(['init', '--backend', 'consul', '--consul', 'http://10.0.0.9:8500', '--prefix', '/configs/orders/prod'], {
      cwd: dir,
    });
    expect(init).toMatchObject({ code: 0 });
    const project = readFileSync(join(dir, 'config-center.yaml'), 'utf8');
    expect(project).toMatch(/^consul:\n {2}url: http:\/\/10\.0\.0\.9:8500\b/m);
    expect(project).toMatch(/^# etcd:$/m);
    expect(project).toMatch(/^prefix: \/configs\/orders\/prod\/$/m);
    // The built skeleton of the first test: the same source.
    cpSync(join(parent, 'orders-service', 'dist'), join(dir, 'dist'), { recursive: true });
    writeFileSync(join(dir, 'good.yaml'), 'example:\n  limit: 5\n');
    expect(await runCli(['validate', 'good.yaml'], { cwd: dir })).toMatchObject({ code: 0 });
  }, 60_000);

  it('on a terminal, asks for the backend, its address and the prefix, an empty answer taking the default', async () => {
    const dir = appFolder(parent, 'asked');
    expect(await initOnTerminal(dir, 'consul\n\n/configs/asked/prod\n')).toBe(0);
    const project = readFileSync(join(dir, 'config-center.yaml'), 'utf8');
    expect(project).toMatch(/^consul:\n {2}url: http:\/\/127\.0\.0\.1:8500\b/m);
    expect(project).toMatch(/^prefix: \/configs\/asked\/prod\/$/m);
  }, 60_000);
});
