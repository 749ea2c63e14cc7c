import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';

/** The demo's committed config file: the base every instance merges under etcd. */
const COMMITTED_CONFIG = join(__dirname, '..', '..', 'config', 'app.yaml');
/** The demo's compiled sections module, which the CLI validates with. */
export const DEMO_SECTIONS_MODULE = join(__dirname, '..', 'sections.js');

/** The files the fleet writes into its working folder. */
export interface FleetProject {
  /** The base config every instance reads (`CONFIG_PATH`), the committed one with the stand-ins' URLs. */
  readonly configPath: string;
  /** The CLI's project file: this etcd, the prefix, the demo's sections, the base file. */
  readonly projectFile: string;
}

/**
 * Writes `app.yaml` (the demo's committed config, its upstream URLs pointing at the fleet's
 * stand-in upstreams) and `config-center.yaml` into `dir`, so that `config-center` run there
 * validates and publishes with the demo's own sections over the base the instances merge.
 */
export async function writeFleetProject(
  dir: string,
  etcd: { readonly endpoints: readonly string[]; readonly prefix: string },
  upstreams: { readonly a: string; readonly b: string },
): Promise<FleetProject> {
  await mkdir(dir, { recursive: true });
  const committed = await readFile(COMMITTED_CONFIG, 'utf8');
  const configPath = join(dir, 'app.yaml');
  await writeFile(configPath, committed.replaceAll('http://127.0.0.1:3001', upstreams.a).replaceAll('http://127.0.0.1:3002', upstreams.b));
  const projectFile = join(dir, 'config-center.yaml');
  const project = [
    '# Written by the fleet demo (npm run demo:fleet): the etcd it started and the demo it runs.',
    `etcd: { endpoints: [${etcd.endpoints.join(', ')}] }`,
    `prefix: ${etcd.prefix}`,
    `sections: ${DEMO_SECTIONS_MODULE}`,
    'base: [app.yaml]',
    '# Read by the feature flags, not by a section: validate does not warn of it.',
    'ignoreKeys: [features]',
    '',
  ];
  await writeFile(projectFile, project.join('\n'));
  return { configPath, projectFile };
}

/** The `config-center` bin of the installed `@config-center/cli`, found through its manifest's `bin`. */
export function cliBin(): string {
  const manifest = require.resolve('@config-center/cli/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> };
  return join(dirname(manifest), bin['config-center']);
}
