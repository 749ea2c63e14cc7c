#!/usr/bin/env node
// The pack-and-install test (part of `npm test`): packs every package, installs the tarballs with
// NestJS 11 into a fresh project in a temp dir, checks what each tarball ships, type-checks
// smoke/packed/types.ts against them, and runs smoke/packed/app.js there: an HTTP app on core,
// live, etcd and testing. Then, in the same project, the docs' examples (scripts/docs-examples.js);
// and the CLI's install line from packages/cli/README.md, as written, in a folder of its own, with
// `npx config-center --help` there.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT, TSC, nest11Dependencies, run, runApp, runAsTest, withPackedProject } = require('./lib/packed-project');
const { runDocsExamples } = require('./docs-examples');

const LABEL = 'packed-install';

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(file) : [file];
  });
}

/** What one installed package got from its tarball that it should not have, or lacks. */
function problemsOf(packageDir) {
  const problems = [];
  const files = filesUnder(packageDir).map((file) => path.relative(packageDir, file));
  for (const required of ['package.json', 'README.md', 'LICENSE']) {
    if (!files.includes(required)) problems.push(`no ${required}`);
  }
  if (
    files.includes('LICENSE') &&
    fs.readFileSync(path.join(packageDir, 'LICENSE'), 'utf8') !== fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')
  ) {
    problems.push('a LICENSE that differs from the repository one');
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  // A bin is a committed file outside dist/ (npm links it at install time, before any build).
  const bins = Object.values(manifest.bin ?? {}).map((file) => path.normalize(file));
  const shipped = ['package.json', 'README.md', 'LICENSE', ...bins];
  const stray = files.filter((file) => !shipped.includes(file) && !file.startsWith(`dist${path.sep}`));
  for (const bin of bins) if (!files.includes(bin)) problems.push(`no bin ${bin}`);
  const specs = files.filter((file) => /\.spec\.|\.tsbuildinfo$/.test(file));
  for (const file of [...stray, ...specs]) problems.push(`ships ${file}`);

  const { exports: entries } = manifest;
  for (const [subpath, target] of Object.entries(entries ?? { '.': 'none' })) {
    for (const file of typeof target === 'string' ? [target] : Object.values(target)) {
      if (!fs.existsSync(path.join(packageDir, file))) problems.push(`exports ${subpath} → ${file}, which is not there`);
    }
  }

  const maps = files.filter((file) => file.endsWith('.map'));
  if (maps.length === 0) problems.push('no source maps');
  for (const file of maps) {
    const { sources, sourcesContent = [] } = JSON.parse(fs.readFileSync(path.join(packageDir, file), 'utf8'));
    sources.forEach((source, i) => {
      const shipped = fs.existsSync(path.resolve(packageDir, path.dirname(file), source));
      if (typeof sourcesContent[i] !== 'string' && !shipped)
        problems.push(`${file} points at ${source}, which neither it nor the package holds`);
    });
  }
  return problems;
}

function checkContents(projectDir, names) {
  const problems = names.flatMap((name) => problemsOf(path.join(projectDir, 'node_modules', name)).map((problem) => `${name}: ${problem}`));
  if (problems.length) throw new Error(`the tarballs are not what an app should get:\n  ${problems.join('\n  ')}`);
  console.log(`  ok - ${names.length} tarballs: README, LICENSE, dist only, exports present, source maps resolve`);
}

/** Type-checks smoke/packed/types.ts in the project, as a Nest app's tsconfig would (old and new module resolution). */
async function checkTypes(projectDir) {
  fs.copyFileSync(path.join(ROOT, 'smoke', 'packed', 'types.ts'), path.join(projectDir, 'types.ts'));
  for (const [module, resolution] of [
    ['nodenext', 'nodenext'],
    ['commonjs', 'node10'],
  ]) {
    const options = ['--noEmit', '--strict', '--experimentalDecorators', '--skipLibCheck', '--types', 'node'];
    await run(process.execPath, [TSC, ...options, '--module', module, '--moduleResolution', resolution, 'types.ts'], {
      cwd: projectDir,
      timeoutMs: 2 * 60_000,
    });
    console.log(`  ok - types.ts compiles against the tarballs with moduleResolution ${resolution}`);
  }
}

/** The README's line that installs the CLI from tarballs: `npm install … ./vendor/config-center-cli-….tgz`. */
function cliInstallLine() {
  const readme = fs.readFileSync(path.join(ROOT, 'packages', 'cli', 'README.md'), 'utf8');
  const line = readme.match(/^npm install .*\.\/vendor\/config-center-cli-\S+\.tgz$/m)?.[0];
  if (!line) throw new Error('packages/cli/README.md gives no `npm install … ./vendor/config-center-cli-….tgz` line');
  return line;
}

/**
 * The CLI's install line, run as written in a fresh folder (outside the project, whose node_modules
 * would otherwise resolve what the line leaves out) with the tarballs it names in `vendor/`; then
 * `npx config-center --help` there, which loads the core and both backends.
 */
async function checkCliInstall(tarballDir) {
  const line = cliInstallLine();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `config-center-${LABEL}-cli-`));
  try {
    fs.mkdirSync(path.join(dir, 'vendor'));
    for (const file of line.match(/\.\/vendor\/\S+\.tgz/g)) {
      const tarball = path.join(tarballDir, path.basename(file));
      if (!fs.existsSync(tarball)) throw new Error(`packages/cli/README.md installs ${file}, which npm pack did not make`);
      fs.copyFileSync(tarball, path.join(dir, file));
    }
    fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: `config-center-${LABEL}-cli`, private: true })}\n`);
    const [command, ...args] = line.split(/\s+/);
    const quiet = ['--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];
    await run(command, [...args, ...quiet], { cwd: dir, timeoutMs: 10 * 60_000 });
    const help = await run('npx', ['--no', '--', 'config-center', '--help'], { cwd: dir, timeoutMs: 60_000, capture: true });
    if (!help.startsWith('Usage: config-center ')) throw new Error(`npx config-center --help printed:\n${help}`);
    console.log(`  ok - the CLI installs with its README's line alone (${line}) and runs`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runAsTest(LABEL, () =>
  withPackedProject(LABEL, nest11Dependencies(), async (projectDir, names) => {
    checkContents(projectDir, names);
    await checkTypes(projectDir);
    await runApp(projectDir, 'packed/app.js');
    // The same install serves the docs' examples: one pack and install for both.
    await runDocsExamples(projectDir);
    await checkCliInstall(projectDir);
  }),
);
