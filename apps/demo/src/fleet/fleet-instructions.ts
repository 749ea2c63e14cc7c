import { labelsText } from '../instance-report-env';
import type { FleetInstance } from './fleet-instance';

/** What the instructions name: the working folder, etcd, the prefix, the CLI and the instances. */
export interface FleetFacts {
  readonly dir: string;
  /** Whether the fleet removes `dir` when it stops (a temp folder it made). */
  readonly removesDir: boolean;
  readonly endpoints: readonly string[];
  readonly prefix: string;
  readonly controlPrefix: string;
  readonly cliBin: string;
  readonly instances: readonly FleetInstance[];
}

/** `text` as one shell word: as it is when it is safe, else in `'…'` with each `'` written `'\''`. */
function quoted(text: string): string {
  return /^[\w./:=@,-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * The text the fleet prints once everything is up: the instances, then the commands to type in a
 * second terminal — curl each instance, publish a change, `rollout`, a canary to zone a, its
 * status, promote — and how to stop. Every command runs as printed, from any folder.
 */
export function fleetInstructions(facts: FleetFacts): string {
  const { instances } = facts;
  const width = Math.max(...instances.map((instance) => labelsText(instance.spec.labels).length));
  const table = instances.map(
    (instance) =>
      `  ${instance.spec.id}  ${labelsText(instance.spec.labels).padEnd(width)}  ${instance.url}  pid ${instance.pid}  log ${instance.logPath}`,
  );
  const curls = instances.map((instance) => `  curl -s ${instance.url.replace('http://', '')}/greeting; echo   # ${instance.spec.id}`);
  const last = instances[instances.length - 1];
  const stop = facts.removesDir
    ? `Ctrl-C stops the instances (their records leave etcd at once), then etcd, and removes ${facts.dir}.`
    : `Ctrl-C stops the instances (their records leave etcd at once), then etcd; ${facts.dir} stays.`;
  return [
    `The fleet is up: etcd at ${facts.endpoints.join(',')}, config under ${facts.prefix}, instance reports under ${facts.controlPrefix}instances/`,
    '',
    ...table,
    '',
    `In ${facts.dir}, config-center.yaml points the CLI at this etcd, with the demo's sections and app.yaml as the base.`,
    'In another terminal:',
    '',
    `  cd ${quoted(facts.dir)}`,
    `  alias config-center=${quoted(`node ${facts.cliBin}`)}`,
    ...curls,
    '',
    '  # publish a change to every instance, then see which instance runs which version',
    `  printf 'greeting:\\n  message: Hello, fleet\\nrateLimit:\\n  limit: 7\\n' > production.yaml`,
    '  config-center publish production.yaml -m "greet the fleet"',
    '  config-center rollout',
    '',
    '  # a canary to zone a: only the zone=a instance answers "Hello, zone a!"',
    `  sed 's/Hello, fleet/Hello, zone a/' production.yaml > canary.yaml`,
    '  config-center canary start canary.yaml -m "try zone a" --labels zone=a',
    '  config-center canary status',
    '  config-center canary promote      # every instance on it; or: config-center canary abort',
    '  config-center rollout',
    '',
    `  kill -9 ${last.pid}   # ${last.spec.id} dies: it leaves \`config-center rollout\` when its lease expires (10 s)`,
    '',
    stop,
    '',
  ].join('\n');
}
