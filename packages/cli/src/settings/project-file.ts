import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigParseError, formatOf, parseDocument } from '@config-center/core/tooling';
import { CliError, ExitCode } from '../cli-error';

/** The names the project file may have, looked for in this order in each folder. */
export const PROJECT_FILE_NAMES = ['config-center.yaml', 'config-center.yml', 'config-center.json'] as const;

/** What a project file holds; relative paths in it are relative to its folder. */
export interface ProjectFile {
  readonly path: string;
  readonly etcd?: {
    readonly endpoints?: string[];
    readonly username?: string;
    readonly password?: string;
    /** PEM files, resolved against the project file's folder. */
    readonly tls?: { readonly ca?: string; readonly cert?: string; readonly key?: string };
  };
  readonly consul?: { readonly url?: string; readonly token?: string };
  readonly prefix?: string;
  readonly sections?: string;
  readonly base?: string[];
  readonly author?: string;
  readonly controlPrefix?: string;
  /** Paths the app reads outside its sections (its module's `ignoreKeys`): `validate` does not warn of their keys. */
  readonly ignoreKeys?: string[];
  /** The key directory of `encrypt`/`decrypt`/`keygen`, resolved against the project file's folder. */
  readonly secrets?: { readonly keyDir?: string };
}

/** The nearest project file at or above `from`, or undefined. */
export function findProjectFile(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const found = PROJECT_FILE_NAMES.map((name) => join(dir, name)).find((path) => existsSync(path));
    if (found) return found;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Reads and checks a project file; a usage error names the file and the field. */
export function readProjectFile(path: string): ProjectFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the project file '${path}': ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`, ExitCode.usage);
  }
  let document: unknown;
  try {
    document = parseDocument(text, formatOf(path) ?? 'yaml', { source: 'config-center', location: path });
  } catch (error) {
    const reason = error instanceof ConfigParseError ? error.reason : 'unreadable';
    throw new CliError(`the project file '${path}' cannot be read: ${reason}`, ExitCode.usage);
  }
  return checkProjectFile(path, document ?? {});
}

function checkProjectFile(path: string, document: unknown): ProjectFile {
  const fields = new FieldReader(path);
  const root = fields.object(document, '');
  const etcd = root.etcd === undefined ? undefined : fields.object(root.etcd, 'etcd');
  const consul = root.consul === undefined ? undefined : fields.object(root.consul, 'consul');
  const secrets = root.secrets === undefined ? undefined : fields.object(root.secrets, 'secrets');
  const tls = etcd?.tls === undefined ? undefined : fields.object(etcd.tls, 'etcd.tls');
  const dir = dirname(path);
  const inDir = (file: string | undefined) => (file === undefined ? undefined : resolve(dir, file));
  return {
    path,
    etcd: etcd && {
      endpoints: fields.list(etcd.endpoints, 'etcd.endpoints'),
      username: fields.text(etcd.username, 'etcd.username'),
      password: fields.text(etcd.password, 'etcd.password'),
      tls: tls && {
        ca: inDir(fields.text(tls.ca, 'etcd.tls.ca')),
        cert: inDir(fields.text(tls.cert, 'etcd.tls.cert')),
        key: inDir(fields.text(tls.key, 'etcd.tls.key')),
      },
    },
    consul: consul && { url: fields.text(consul.url, 'consul.url'), token: fields.text(consul.token, 'consul.token') },
    prefix: fields.text(root.prefix, 'prefix'),
    sections: inDir(fields.text(root.sections, 'sections')),
    base: fields.list(root.base, 'base')?.map((file) => resolve(dir, file)),
    author: fields.text(root.author, 'author'),
    controlPrefix: fields.text(root.controlPrefix, 'controlPrefix'),
    ignoreKeys: fields.list(root.ignoreKeys, 'ignoreKeys'),
    secrets: secrets && { keyDir: inDir(fields.text(secrets.keyDir, 'secrets.keyDir')) },
  };
}

/** Reads typed fields out of a parsed project file; a wrong type is a usage error naming the field, never its value. */
class FieldReader {
  constructor(private readonly path: string) {}

  object(value: unknown, field: string): Record<string, unknown> {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    throw this.wrong(field || 'the document', 'a mapping');
  }

  text(value: unknown, field: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    throw this.wrong(field, 'a string');
  }

  /** A list of strings, or one comma-separated string. */
  list(value: unknown, field: string): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return splitList(value);
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
    throw this.wrong(field, 'a list of strings');
  }

  private wrong(field: string, expected: string): CliError {
    return new CliError(`the project file '${this.path}': ${field} must be ${expected}`, ExitCode.usage);
  }
}

/** `a, b,,c` → `['a', 'b', 'c']`. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
