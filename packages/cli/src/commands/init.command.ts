import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Option, type Command } from 'commander';
import { CliError, ExitCode } from '../cli-error';
import type { ProgramContext } from '../program-context.interface';
import { PROJECT_FILE_NAMES } from '../settings/project-file';
import { initAnswers, type InitFlags, type InitPrompt } from './init-answers';
import { projectFileText, sectionsModuleText, SECTIONS_MODULE, SECTIONS_SOURCE, type InitAnswers } from './init-templates';

/** What `init` wrote: the files (relative to the folder) and the settings in the project file. */
export interface InitResult extends InitAnswers {
  readonly files: readonly string[];
}

/**
 * `init`: writes a commented `config-center.yaml` and a sections skeleton (`src/config/sections.ts`,
 * built to the module the project file names) into `cwd`. Refuses, before writing anything, when
 * a project file or the skeleton is already there, unless `force`.
 */
export async function initCommand(cwd: string, flags: InitFlags & { force?: boolean }, prompt?: InitPrompt): Promise<InitResult> {
  const existing = [...PROJECT_FILE_NAMES, SECTIONS_SOURCE].find((file) => existsSync(join(cwd, file)));
  if (existing !== undefined && !flags.force) {
    throw new CliError(`init: ${existing} already exists (--force overwrites it)`, ExitCode.usage);
  }
  const answers = await initAnswers(flags, cwd, prompt);
  const files = { 'config-center.yaml': projectFileText(answers), [SECTIONS_SOURCE]: sectionsModuleText() };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(cwd, file)), { recursive: true });
    writeFileSync(join(cwd, file), text);
  }
  return { ...answers, files: Object.keys(files) };
}

/** The lines `init` prints: what it wrote, then what to do next. */
export function formatInit(result: InitResult): string[] {
  return [
    ...result.files.map((file) => `wrote ${file}`),
    `${result.backend} at ${result.endpoint}, prefix ${result.prefix}`,
    `next: build the service (${SECTIONS_SOURCE} → ${SECTIONS_MODULE}), then: config-center validate <proposal.yaml>`,
  ];
}

/** Adds `init` to the program; it reads no project file, as it writes one. */
export function registerInitCommand(program: Command, { io, print, setExit, exitCodesHelp }: ProgramContext): void {
  program
    .command('init')
    .description('Write a commented config-center.yaml and a sections skeleton for the service in this folder.')
    .addOption(new Option('--backend <backend>', 'etcd or consul (default: asked on a terminal, else etcd)').choices(['etcd', 'consul']))
    .option('--force', 'overwrite config-center.yaml and the skeleton when they exist')
    .addHelpText(
      'after',
      `
Examples:
  $ config-center init
  $ config-center init --backend consul --consul http://127.0.0.1:8500 --prefix /configs/orders/production/
On a terminal it asks for what the flags do not give (backend, endpoint, prefix); elsewhere it asks
nothing: etcd at 127.0.0.1:2379 and the prefix /configs/<folder name>/.${exitCodesHelp}`,
    )
    .action(async (_options: unknown, command: Command) => {
      const flags = command.optsWithGlobals<InitFlags & { force?: boolean; json?: boolean }>();
      const prompt = io.stdin?.isTTY && !flags.json ? { input: io.stdin, output: io.stderr } : undefined;
      const result = await initCommand(io.cwd, flags, prompt);
      print(flags.json ? [JSON.stringify(result, null, 2)] : formatInit(result));
      setExit(ExitCode.ok);
    });
}
