import { spawn } from 'node:child_process';
import { requiredBinary } from './required-binary';

/**
 * Prometheus's `promtool`: `$PROMTOOL_BIN`, else `promtool` on the PATH (Debian package
 * `prometheus`). Throws when it is missing — tests that need it fail loudly, they never skip.
 */
export function promtoolBinary(): string {
  return requiredBinary({ what: 'promtool', command: 'promtool', env: 'PROMTOOL_BIN', debianPackage: 'prometheus' });
}

/**
 * Runs `promtool check metrics` on a scrape in the text exposition format; rejects with promtool's
 * findings (naming, HELP, units, types) when it has any.
 */
export function checkMetricsWithPromtool(exposition: string): Promise<void> {
  const child = spawn(promtoolBinary(), ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(exposition);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`promtool check metrics failed (exit ${code}):\n${output}`))));
  });
}
