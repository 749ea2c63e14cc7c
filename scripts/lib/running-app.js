// A built app started as a process, as a user starts it: its output kept, so a test can wait for a
// line in it, and stopped with SIGTERM. Used by scripts/docs-examples.js.
'use strict';

const { spawn } = require('node:child_process');

/** Strips the colour codes a logger may add, so that lines compare as text. */
function plain(text) {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

/**
 * Starts `node <script>` in `cwd` with `env` added. `output()` is everything it printed so far;
 * `waitForOutput(text, what)` resolves once it printed `text` and rejects when it exits first or
 * after `timeoutMs`; `stop()` sends SIGTERM and resolves with its exit code.
 */
function startApp(script, { cwd, env, timeoutMs }) {
  const child = spawn(process.execPath, [script], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited = null;
  const listeners = new Set();
  const notify = () => listeners.forEach((listener) => listener());
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => ((output += plain(String(chunk))), notify()));
  const exit = new Promise((resolve) => child.on('exit', (code, signal) => ((exited = code ?? signal), notify(), resolve(exited))));

  function waitForOutput(text, what) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => settle(new Error(`waited ${timeoutMs / 1000} s for ${what}`)), timeoutMs);
      const check = () => {
        if (output.includes(text)) settle();
        else if (exited !== null) settle(new Error(`the app exited (${exited}) before ${what}`));
      };
      function settle(error) {
        clearTimeout(timer);
        listeners.delete(check);
        if (error) reject(new Error(`${error.message}: it printed\n${output.split('\n').slice(-20).join('\n')}`));
        else resolve();
      }
      listeners.add(check);
      check();
    });
  }

  /** SIGTERM, then its exit; SIGKILL and a rejection when it has not exited after `timeoutMs`. */
  async function stop() {
    if (exited === null) child.kill('SIGTERM');
    let timer;
    const late = new Promise((_, reject) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the app did not exit within ${timeoutMs / 1000} s of SIGTERM`));
      }, timeoutMs);
    });
    return Promise.race([exit, late]).finally(() => clearTimeout(timer));
  }

  return { output: () => output, waitForOutput, stop };
}

module.exports = { startApp };
