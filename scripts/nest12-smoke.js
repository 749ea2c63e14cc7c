#!/usr/bin/env node
// Proves @config-center/core works on NestJS 12, which Jest cannot load (ESM only). Builds the
// packages, packs core, installs it with NestJS 12 into a temp project outside the repo (so nothing
// can resolve the repo's NestJS 11), and runs smoke/nest12/app.js there. The installed project is
// cached in the temp dir, keyed by the packed tarball and the dependency ranges.
'use strict';

const { spawn } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const APP = path.join(ROOT, 'smoke', 'nest12', 'app.js');
const CACHE_PREFIX = 'config-center-nest12-smoke-';
const MINUTE = 60_000;

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

function projectDependencies(tarball) {
  const dev = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).devDependencies;
  const pick = (name) => ({ [name]: dev[name] });
  return {
    '@config-center/core': `file:./${path.basename(tarball)}`,
    '@nestjs/common': '^12.0.0',
    '@nestjs/core': '^12.0.0',
    ...pick('class-transformer'),
    ...pick('class-validator'),
    ...pick('reflect-metadata'),
    ...pick('rxjs'),
  };
}

async function packCore(packDir) {
  const out = await run('npm', ['pack', '--json', '--pack-destination', packDir], {
    cwd: path.join(ROOT, 'packages', 'core'),
    timeoutMs: 2 * MINUTE,
    capture: true,
  });
  return path.join(packDir, JSON.parse(out)[0].filename);
}

/** Installs the temp project unless an identical one is cached; returns its directory. */
async function prepareProject(tarball) {
  const dependencies = projectDependencies(tarball);
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ dependencies, node: process.versions.node })).update(fs.readFileSync(tarball));
  const dir = path.join(os.tmpdir(), CACHE_PREFIX + hash.digest('hex').slice(0, 16));
  const marker = path.join(dir, '.installed');

  for (const entry of fs.readdirSync(os.tmpdir())) {
    const stale = path.join(os.tmpdir(), entry);
    if (entry.startsWith(CACHE_PREFIX) && stale !== dir) fs.rmSync(stale, { recursive: true, force: true });
  }
  if (fs.existsSync(marker)) {
    console.log(`nest12 smoke: reusing ${dir}`);
    return dir;
  }

  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(tarball, path.join(dir, path.basename(tarball)));
  const manifest = { name: 'config-center-nest12-smoke', private: true, dependencies };
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`nest12 smoke: installing NestJS 12 and the packed core in ${dir}`);
  try {
    await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      timeoutMs: 10 * MINUTE,
    });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  fs.writeFileSync(marker, '');
  return dir;
}

async function main() {
  console.log('nest12 smoke: npm run build');
  await run('npm', ['run', 'build', '--silent'], { timeoutMs: 5 * MINUTE });
  const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-center-pack-'));
  try {
    const project = await prepareProject(await packCore(packDir));
    fs.copyFileSync(APP, path.join(project, 'app.js'));
    await run(process.execPath, ['app.js'], { cwd: project, timeoutMs: 2 * MINUTE });
  } finally {
    fs.rmSync(packDir, { recursive: true, force: true });
  }
}

main().then(
  () => console.log('nest12-smoke: 1 passed, 0 failed'),
  (error) => {
    console.error(`nest12 smoke: ${error.message}`);
    console.error('nest12-smoke: 0 passed, 1 failed');
    process.exit(1);
  },
);
