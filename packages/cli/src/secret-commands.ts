import type { Command } from 'commander';
import { KEY_DIR_HELP } from './commands/secret-flags';
import type { ProgramContext } from './program-context.interface';

/**
 * `keygen`, `encrypt`, `decrypt` and `secrets rotate`: the keys and `enc:` values of encrypted config (the envelope
 * is `@config-center/core/secrets`'s, the one the app opens). No command prints a key; only
 * `decrypt` prints a plaintext, and only the one it was asked for. Each command's code loads when it runs.
 */
export function registerSecretCommands(program: Command, context: ProgramContext): void {
  registerKeygen(program, context);
  registerEncrypt(program, context);
  registerDecrypt(program, context);
  registerRotate(program, context);
}

const keys = () => import('./commands/secret-keys');
const values = () => import('./commands/secret-value.command');
const input = async ({ io }: ProgramContext) => (await values()).readValue(io.stdin ?? process.stdin);

function registerKeygen(program: Command, { io, settingsOf, print, exitCodesHelp }: ProgramContext): void {
  program
    .command('keygen')
    .description('Write a new random AES-256 key as <kid>.key (mode 0600) in the key directory; never overwrites one.')
    .requiredOption('--kid <kid>', 'the key id (letters, digits, _ or -), as envelopes will name it')
    .option('--key-dir <dir>', KEY_DIR_HELP)
    .addHelpText('after', `\nExamples:\n  $ config-center keygen --kid k2 --key-dir /run/secrets/config-center\n${exitCodesHelp}`)
    .action(async (options: { kid: string; keyDir?: string }, command: Command) => {
      const settings = settingsOf(command);
      const { keyDirOf, keygenCommand } = await keys();
      const file = keygenCommand(keyDirOf(options.keyDir, settings, io.cwd), options.kid);
      print([settings.json ? JSON.stringify({ kid: options.kid, file }) : `wrote key '${options.kid}' to ${file}`]);
    });
}

function registerEncrypt(program: Command, context: ProgramContext): void {
  const { io, settingsOf, print, exitCodesHelp } = context;
  program
    .command('encrypt')
    .description('Encrypt the value on stdin for one config path under a key; prints the enc: value to store at that path.')
    .requiredOption('--path <path>', 'the config path the value is for, as the app reads it (db.password): bound into the value')
    .requiredOption('--kid <kid>', 'the id of the key to encrypt under')
    .option('--key-dir <dir>', KEY_DIR_HELP)
    .addHelpText(
      'after',
      `\nExamples:\n  $ printf %s "$DB_PASSWORD" | config-center encrypt --path db.password --kid k1\n` +
        `One trailing newline of the input is dropped (echo adds one).${exitCodesHelp}`,
    )
    .action(async (options: { path: string; kid: string; keyDir?: string }, command: Command) => {
      const settings = settingsOf(command);
      const { keyDirOf, keyringOfDir } = await keys();
      const keyring = keyringOfDir(keyDirOf(options.keyDir, settings, io.cwd));
      const output = (await values()).encryptCommand(await input(context), options.path, options.kid, keyring);
      print([settings.json ? JSON.stringify(output) : output.value]);
    });
}

function registerDecrypt(program: Command, context: ProgramContext): void {
  const { io, settingsOf, print, exitCodesHelp } = context;
  program
    .command('decrypt')
    .description('Decrypt the enc: value on stdin, read at a config path; prints the plaintext. Exits 1 when it cannot.')
    .requiredOption('--path <path>', 'the config path the value was read at (db.password)')
    .option('--key-dir <dir>', KEY_DIR_HELP)
    .addHelpText('after', `\nExamples:\n  $ config-center get db.password | config-center decrypt --path db.password\n${exitCodesHelp}`)
    .action(async (options: { path: string; keyDir?: string }, command: Command) => {
      const settings = settingsOf(command);
      const { keyDirOf, keyringOfDir } = await keys();
      const keyring = keyringOfDir(keyDirOf(options.keyDir, settings, io.cwd));
      const output = (await values()).decryptCommand(await input(context), options.path, keyring);
      print([settings.json ? JSON.stringify(output) : output.value]);
    });
}

function registerRotate(program: Command, context: ProgramContext): void {
  const { io, settingsOf, print, reportPublish, exitCodesHelp } = context;
  program
    .command('secrets')
    .description('Encrypted values under the prefix: rotate them to another key (etcd).')
    .addHelpText(
      'after',
      `\nExamples:\n  $ config-center secrets rotate --to k2 -m "rotate to k2" --etcd 10.0.0.1:2379 --prefix /configs/orders/\n` +
        `  $ config-center secrets rotate --to k2 -m "rotate" --dry-run --json\n` +
        `Rotation needs etcd (instance reports say which keys each instance holds); on Consul it is a usage error.${exitCodesHelp}`,
    )
    .command('rotate')
    .description('Re-encrypt every enc: value under the prefix with another key, in one compare-and-swap publish with a history record.')
    .requiredOption('--to <kid>', 'the key to re-encrypt with: every live instance must report holding it')
    .requiredOption('-m, --message <message>', 'why: recorded in the history')
    .option('--force', 'rotate even while a live instance does not report holding the key')
    .option('--dry-run', 'check and plan, write nothing')
    .option('--key-dir <dir>', `${KEY_DIR_HELP}; it must hold the key of every value and --to`)
    .addHelpText(
      'after',
      `\nExamples:\n  $ config-center secrets rotate --to k2 -m "rotate to k2" --key-dir /run/secrets/config-center\n` +
        `  $ config-center secrets rotate --to k2 -m "rotate" --dry-run --json\n` +
        `etcd only (Consul has no instance reports): each says which keys its instance holds (keyIds); one that lacks --to, or\n` +
        `a record without keyIds, refuses the rotation unless --force. See docs/guides/secrets.md.${exitCodesHelp}`,
    )
    .action(async (options: { to: string; message: string; force?: boolean; dryRun?: boolean; keyDir?: string }, command: Command) => {
      const settings = settingsOf(command);
      const rotate = { ...options, force: options.force === true, dryRun: options.dryRun === true };
      const { rotateCommand } = await import('./commands/secrets-rotate.command');
      const { rotated, report, result } = await rotateCommand(settings, rotate, io.cwd);
      if (!report)
        return print([settings.json ? JSON.stringify({ rotated }) : `nothing to rotate: every enc: value is under '${options.to}'`]);
      const changes = result?.diff.changes ?? [];
      if (!settings.json) print(changes.map(({ key, before, after }) => `~ ${key}  ${before?.value} → ${after?.value}`));
      reportPublish(settings, { report, result });
    });
}
