import { spawn, spawnSync } from 'node:child_process';

let found: string | undefined;

/**
 * Prometheus's `promtool`: `$PROMTOOL_BIN`, else `promtool` on the PATH (Debian package
 * `prometheus`). Throws when it is missing — tests that need it fail loudly, they never skip.
 */
export function promtoolBinary(): string {
  if (found) return found;
  const candidate = process.env.PROMTOOL_BIN || 'promtool';
  const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `promtool '${candidate}' cannot be run (${probe.error?.message ?? `exit ${probe.status}`}). ` +
        'Install the Debian package prometheus (bash .ci/run does) or set PROMTOOL_BIN to its path.',
    );
  }
  found = candidate;
  return found;
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
