import { parseArgs } from 'node:util';
import { DemoFleet } from './demo-fleet';

const USAGE = `Usage: npm run demo:fleet [-- --dir FOLDER]

Starts a local etcd and three demo instances reporting to it (demo-a zone=a, demo-b and demo-c
zone=b), writes config-center.yaml into FOLDER (default: a temp folder, removed at the end) and
prints the commands to try: publish, rollout, a canary to one zone, promote. Ctrl-C (or closing
the terminal) stops it all.
`;

/**
 * `npm run demo:fleet`: starts the fleet, prints what to type, and runs until SIGINT, SIGTERM or SIGHUP (a closed terminal),
 * then stops the instances, etcd and the stand-ins, removes its temp folders and exits 0. A signal
 * during startup stops the fleet as soon as it is up; more signals while it stops are noted, not
 * obeyed. Exit 1 when it cannot start, 2 on a bad flag.
 */
async function main(): Promise<number> {
  let dir: string | undefined;
  try {
    const { values } = parseArgs({ options: { dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) return (process.stdout.write(USAGE), 0);
    dir = values.dir;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  // After a closed terminal every write fails (EPIPE, EIO): the fleet must still stop what it started.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  let signalled: string | undefined;
  const stopRequested = new Promise<string>((resolve) => {
    // Handled on every signal, not once: a second Ctrl-C must not kill the fleet before it stopped its instances.
    // SIGHUP is a closed terminal: it stops the fleet the same way.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.on(signal, () => {
        if (signalled) return void process.stdout.write(`${signal}: still stopping…\n`);
        resolve((signalled = signal));
      });
    }
  });
  process.stdout.write('Starting etcd and three demo instances…\n');
  let fleet: DemoFleet;
  try {
    fleet = await DemoFleet.start({ dir });
  } catch (error) {
    process.stderr.write(`The fleet demo could not start: ${(error as Error).message}\n`);
    return 1;
  }
  if (!signalled) process.stdout.write(fleet.instructions());
  const watch = setInterval(() => reportExits(fleet), 1000);
  const signal = await stopRequested;
  clearInterval(watch);
  process.stdout.write(`\n${signal}: stopping the instances and etcd…\n`);
  await fleet.stop();
  process.stdout.write('Stopped.\n');
  return 0;
}

const reported = new Set<string>();

/** Says once when an instance has exited (an operator's `kill -9`): the fleet keeps running. */
function reportExits(fleet: DemoFleet): void {
  for (const instance of fleet.exitedInstances()) {
    if (reported.has(instance.spec.id)) continue;
    reported.add(instance.spec.id);
    process.stdout.write(`${instance.spec.id} exited (${instance.exit ?? 'killed'}); its log: ${instance.logPath}\n`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The fleet demo failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
