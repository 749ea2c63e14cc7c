// The one place that packs the packages and installs them into a fresh project outside the repository,
// as an app team would: `npm pack` tarballs, no workspace links, nothing that can resolve the repo's
// node_modules. Used by scripts/packed-install.js (NestJS 11) and scripts/nest12-smoke.js (NestJS 12).
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const MINUTE = 60_000;
/** The repository's TypeScript compiler, for compiling in the packed projects as an app would. */
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

// `npm test` exports settings that would point a nested npm at this repo instead of the temp project.
const PROJECT_SCOPED_ENV = /^npm_(config_(local_prefix|allow_scripts|call|workspaces?)|package_|lifecycle_|command$)/i;

function cleanEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !PROJECT_SCOPED_ENV.test(key)));
}

/** Runs a command with a time limit; resolves its stdout, rejects on a non-zero exit or timeout. */
function run(command, args, { cwd = ROOT, timeoutMs, capture = false }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: cleanEnv(), stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
    let stdout = '';
    if (capture) child.stdout.on('data', (chunk) => (stdout += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const label = `${command} ${args.join(' ')}`;
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${label}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') reject(new Error(`${label}: no exit within ${timeoutMs / 1000}s (open handles?)`));
      else if (code !== 0) reject(new Error(`${label}: exit ${code ?? signal}`));
      else resolve(stdout);
    });
  });
}

function readManifest(dir) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
}

/**
 * The repository's own ranges for `names` (its devDependencies, then the packages' dependencies), so
 * that `--prefer-offline` finds in the npm cache what `npm ci` put there.
 */
function repositoryRanges(names) {
  const manifests = [ROOT, ...packageDirs()].map(readManifest);
  return Object.fromEntries(
    names.map((name) => {
      const range = manifests.map((m) => (m.devDependencies ?? {})[name] ?? (m.dependencies ?? {})[name]).find(Boolean);
      if (!range) throw new Error(`no range for ${name} in the repository's manifests`);
      return [name, range];
    }),
  );
}

/** What a fresh NestJS 11 app (`nest new`) brings, plus the peers and etcd3: the apps in the packed projects need them. */
function nest11Dependencies() {
  return repositoryRanges([
    '@nestjs/common',
    '@nestjs/core',
    '@nestjs/platform-express',
    'class-transformer',
    'class-validator',
    'reflect-metadata',
    'rxjs',
    'etcd3',
    '@types/node',
  ]);
}

function packageDirs() {
  const dir = path.join(ROOT, 'packages');
  return fs
    .readdirSync(dir)
    .map((name) => path.join(dir, name))
    .filter((packageDir) => fs.existsSync(path.join(packageDir, 'package.json')));
}

/** Builds, then packs every package into `destination`; returns `{ name: tarball file name }`. */
async function buildAndPack(destination) {
  await run('npm', ['run', 'build', '--silent'], { timeoutMs: 5 * MINUTE });
  const out = await run('npm', ['pack', '--workspace', 'packages', '--json', '--silent', '--pack-destination', destination], {
    timeoutMs: 2 * MINUTE,
    capture: true,
  });
  const packed = Object.fromEntries(JSON.parse(out).map(({ name, filename }) => [name, filename]));
  const expected = packageDirs().map((dir) => readManifest(dir).name);
  const missing = expected.filter((name) => !packed[name]);
  if (missing.length) throw new Error(`npm pack did not pack ${missing.join(', ')}`);
  return packed;
}

/**
 * Packs every package into a new temp project, installs the tarballs there with `dependencies`,
 * runs `body(projectDir, packageNames)`, and removes the project whatever happened.
 */
async function withPackedProject(label, dependencies, body) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `config-center-${label}-`));
  try {
    console.log(`${label}: build and npm pack every package`);
    const tarballs = await buildAndPack(dir);
    const manifest = {
      name: `config-center-${label}`,
      private: true,
      dependencies: {
        ...dependencies,
        ...Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, `file:./${file}`])),
      },
    };
    fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    console.log(`${label}: npm install the tarballs in ${dir}`);
    const install = ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];
    await run('npm', install, { cwd: dir, timeoutMs: 10 * MINUTE });
    await body(dir, Object.keys(tarballs));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Copies `smoke/<relative>` into the project and runs it there with Node. */
async function runApp(projectDir, relative, timeoutMs = 2 * MINUTE) {
  const target = path.join(projectDir, path.basename(path.dirname(relative)) + '-' + path.basename(relative));
  fs.copyFileSync(path.join(ROOT, 'smoke', relative), target);
  console.log(`running smoke/${relative}`);
  await run(process.execPath, [target], { cwd: projectDir, timeoutMs });
}

/** Runs `main` as a test script: one pass/fail summary line, exit status 1 on failure. */
function runAsTest(label, main) {
  main().then(
    () => console.log(`${label}: 1 passed, 0 failed`),
    (error) => {
      console.error(`${label}: ${error.message}`);
      console.error(`${label}: 0 passed, 1 failed`);
      process.exit(1);
    },
  );
}

module.exports = { ROOT, TSC, nest11Dependencies, repositoryRanges, run, withPackedProject, runApp, runAsTest };
