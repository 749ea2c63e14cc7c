#!/usr/bin/env node
// Proves the packages work on NestJS 12, which Jest cannot load (ESM only). Packs every package,
// installs the tarballs with NestJS 12 into a fresh project in a temp dir (so nothing can resolve
// the repo's NestJS 11), and runs there smoke/nest12/app.js (the core's change, rejection and
// close on NestJS 12) and smoke/packed/app.js (the HTTP app that scripts/packed-install.js runs on
// NestJS 11, which checks the optional peers are absent); then installs @nestjs/terminus 12 and runs
// smoke/nest12/terminus.js (the health indicator on it).
'use strict';

const { repositoryRanges, run, runApp, runAsTest, withPackedProject } = require('./lib/packed-project');

const LABEL = 'nest12-smoke';
const DEPENDENCIES = {
  '@nestjs/common': '^12.0.0',
  '@nestjs/core': '^12.0.0',
  '@nestjs/platform-express': '^12.0.0',
  ...repositoryRanges(['class-transformer', 'class-validator', 'reflect-metadata', 'rxjs', 'etcd3']),
};

runAsTest(LABEL, () =>
  withPackedProject(LABEL, DEPENDENCIES, async (projectDir) => {
    await runApp(projectDir, 'nest12/app.js');
    await runApp(projectDir, 'packed/app.js');
    console.log(`${LABEL}: npm install @nestjs/terminus@^12.0.0`);
    const install = ['install', '@nestjs/terminus@^12.0.0', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];
    await run('npm', install, { cwd: projectDir, timeoutMs: 5 * 60_000 });
    await runApp(projectDir, 'nest12/terminus.js');
  }),
);
