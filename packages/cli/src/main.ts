#!/usr/bin/env node
import 'reflect-metadata';
import { run } from './cli-program';

void run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }).then((code) => {
  process.exitCode = code;
});
