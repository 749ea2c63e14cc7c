import type { Command } from 'commander';
import { ExitCode } from './cli-error';
import type { ProgramContext } from './program-context.interface';
import type { RolloutView } from './rollout/rollout-view';

/** Clears a terminal and moves the cursor home, so `--watch` redraws in place. */
const CLEAR_SCREEN = '\x1b[H\x1b[2J';

/**
 * `rollout`: which instance runs which version, from the instance reports in etcd; `--watch` prints
 * one JSON line per redraw with `--json`. Its code loads when it runs.
 */
export function registerRolloutCommands(program: Command, context: ProgramContext): void {
  const { io, settingsOf, print, exitCodesHelp } = context;

  program
    .command('rollout')
    .argument('[version]', 'the version to look at (default: the latest)')
    .description("Show which instance runs which version, which rejected it and why, from the apps' instance reports (etcd).")
    .option('--watch', 'follow it live: draw again on each change, until Ctrl-C')
    .addHelpText(
      'after',
      `
Examples:
  $ config-center rollout
  $ config-center rollout 12 --json
  $ config-center rollout --watch
Apps report with EtcdConfigSource({ …, report: { labels: { zone: 'a' } } }). An instance runs the
newest version whose publish committed at or below the etcd revision it applied; "v12 + outside
changes" when it also applied keys written outside the CLI since. States: applied, rejected (with
each path: constraint, never a value), behind (an older version), ahead (a newer one), unknown.
The last line totals them: 37/40 applied v12, 2 rejected (rateLimit.limit: must not be less than 1), 1 on v11.
Instance reports are in etcd only: on Consul this is a usage error.${exitCodesHelp}`,
    )
    .action(async (version: string | undefined, options: { watch?: boolean }, command: Command) => {
      const settings = settingsOf(command);
      const { rolloutCommand, watchRollout } = await import('./commands/rollout.command');
      const { formatRollout } = await import('./rollout/rollout-format');
      const render = (view: RolloutView) => (settings.json ? [JSON.stringify(view, null, 2)] : formatRollout(view));
      if (!options.watch) return print(render(await rolloutCommand(settings, version)));
      const onTerminal = io.stdout.isTTY === true && !settings.json;
      const draw = (view: RolloutView) => {
        const heading = `rollout at ${new Date().toISOString()} (etcd revision ${view.revision}); Ctrl-C ends`;
        if (onTerminal) io.stdout.write(CLEAR_SCREEN);
        print(settings.json ? [JSON.stringify(view)] : [heading, ...render(view), ...(onTerminal ? [] : [''])]);
      };
      await watchRollout(settings, version, draw, interrupted());
      context.setExit(ExitCode.ok);
    });
}

/** Resolves on Ctrl-C (SIGINT) or SIGTERM, which then end the watch cleanly instead of the process. */
function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
