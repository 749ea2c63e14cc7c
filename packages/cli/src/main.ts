#!/usr/bin/env node
import 'reflect-metadata';
import { run } from './cli-program';
import { SIGNAL_EXIT_CODES } from './cli-error';

// A signal ends the process at once (what is known is printed as it happens, e.g. a committed
// version), unless a command listens for it itself (`rollout --watch` ends cleanly on Ctrl-C).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (process.listenerCount(signal) > 1) return;
    process.stderr.write(`config-center: ended by ${signal}\n`);
    process.exit(SIGNAL_EXIT_CODES[signal]);
  });
}

// The process exits once the command is done and its output written: a call or a watch cancel that
// a frozen etcd never answers keeps etcd3's timers and sockets alive after the client is closed.
void run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
}).then((code) => {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
});
