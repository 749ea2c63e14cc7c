import {
  decryptValue,
  encryptValue,
  parseEnvelope,
  SecretEnvelopeError,
  SecretKeyError,
  type SecretKeyring,
} from '@config-center/core/secrets';
import { CliError, ExitCode } from '../cli-error';

/** What `encrypt` and `decrypt` print with `--json`: the path, the key id and the value (the envelope, or the plaintext). */
export interface SecretValueOutput {
  readonly path: string;
  readonly kid: string;
  readonly value: string;
}

/** All of `stream` as UTF-8 text, without one trailing newline (what `echo` adds). */
export async function readValue(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** A usage error unless `path` is a dotted config path (`db.password`): what the envelope binds. */
function checkPath(path: string): void {
  if (!/^[^.\s]+(\.[^.\s]+)*$/.test(path)) throw new CliError(`--path '${path}' is not a dotted config path (db.password)`, ExitCode.usage);
}

/** Seals `plaintext` for config path `path` under key `kid`; a usage error when the key is not held. */
export function encryptCommand(plaintext: string, path: string, kid: string, keyring: SecretKeyring): SecretValueOutput {
  checkPath(path);
  return { path, kid, value: failClosed(() => encryptValue(plaintext, kid, { path, keyring })) };
}

/** Opens the envelope `text` read at config path `path`; exits 1 (invalid) naming the path and key id when it cannot. */
export function decryptCommand(text: string, path: string, keyring: SecretKeyring): SecretValueOutput {
  checkPath(path);
  return failClosed(() => {
    const { kid } = parseEnvelope(text.trim(), path);
    return { path, kid, value: decryptValue(text.trim(), { path, keyring }) };
  });
}

function failClosed<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof SecretEnvelopeError) throw new CliError(error.message, ExitCode.invalid);
    if (error instanceof SecretKeyError) throw new CliError(error.message, ExitCode.usage);
    throw error;
  }
}
