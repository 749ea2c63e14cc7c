import { createInterface } from 'node:readline';
import { basename } from 'node:path';
import { CliError, ExitCode } from '../cli-error';
import { DEFAULT_ENDPOINTS, type InitAnswers } from './init-templates';

/** What `init` was told on its command line; anything missing is asked on a terminal, else a default. */
export interface InitFlags {
  readonly backend?: string;
  readonly etcd?: string;
  readonly consul?: string;
  readonly prefix?: string;
}

/** A terminal to ask on: the process's stdin and where the questions go. */
export interface InitPrompt {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
}

/**
 * The backend, its endpoint and the prefix: from the flags, else (on a terminal, `prompt` given)
 * asked with the default shown, else the defaults: etcd at 127.0.0.1:2379 and
 * `/configs/<folder name>/`.
 */
export async function initAnswers(flags: InitFlags, cwd: string, prompt?: InitPrompt): Promise<InitAnswers> {
  const ask = prompt ? asker(prompt) : undefined;
  try {
    const implied = flags.consul !== undefined && flags.etcd === undefined ? 'consul' : 'etcd';
    const backend = backendOf(flags.backend ?? (await ask?.('backend (etcd or consul)', implied)) ?? implied);
    const given = backend === 'etcd' ? flags.etcd : flags.consul;
    const endpoint = given ?? (await ask?.(backend === 'etcd' ? 'etcd endpoints' : 'Consul URL', DEFAULT_ENDPOINTS[backend]));
    const prefix = flags.prefix ?? (await ask?.('key prefix', defaultPrefix(cwd))) ?? defaultPrefix(cwd);
    return { backend, endpoint: endpoint ?? DEFAULT_ENDPOINTS[backend], prefix: withSlash(prefix) };
  } finally {
    ask?.close();
  }
}

/** `/configs/<folder name>/`, the name reduced to characters a key segment keeps as they are. */
export function defaultPrefix(cwd: string): string {
  const name = basename(cwd).replace(/[^\w.-]+/g, '-') || 'app';
  return `/configs/${name}/`;
}

function backendOf(text: string): InitAnswers['backend'] {
  const backend = text.trim().toLowerCase();
  if (backend === 'etcd' || backend === 'consul') return backend;
  throw new CliError(`init: the backend must be etcd or consul (got '${text}')`, ExitCode.usage);
}

function withSlash(prefix: string): string {
  return prefix.endsWith('/') ? prefix : `${prefix}/`;
}

/**
 * Asks one question at a time; an empty answer, or the end of input (Ctrl-D), takes the default.
 * Lines are read through the interface's iterator, which keeps those typed (or pasted) ahead.
 */
function asker(prompt: InitPrompt): ((question: string, fallback: string) => Promise<string>) & { close(): void } {
  const lines = createInterface({ input: prompt.input, output: prompt.output });
  const answers = lines[Symbol.asyncIterator]();
  const ask = async (question: string, fallback: string) => {
    lines.setPrompt(`${question} [${fallback}]: `);
    lines.prompt();
    const answer = await answers.next();
    return (answer.done ? '' : String(answer.value)).trim() || fallback;
  };
  return Object.assign(ask, { close: () => lines.close() });
}
