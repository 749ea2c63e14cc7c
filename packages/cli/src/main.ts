#!/usr/bin/env node
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { run } from './cli-program';

// The core's store logs through Nest's logger; the CLI reports what it finds itself.
Logger.overrideLogger(false);
void run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }).then((code) => {
  process.exitCode = code;
});
