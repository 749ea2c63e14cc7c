#!/usr/bin/env node
// Proves the packages work on NestJS 12, which Jest cannot load (ESM only). Packs every package,
// installs the tarballs with NestJS 12 into a fresh project in a temp dir (so nothing can resolve
// the repo's NestJS 11), and runs there smoke/nest12/app.js (the core's change, rejection and
// close on NestJS 12) and smoke/packed/app.js (the HTTP app that scripts/packed-install.js runs on
// NestJS 11).
'use strict';

const { repositoryRanges, runApp, runAsTest, withPackedProject } = require('./lib/packed-project');

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
  }),
);
