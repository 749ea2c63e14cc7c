import { resolve } from 'node:path';
import { hasUserInfo } from '@config-center/core/tooling';
import { CliError, ExitCode } from '../cli-error';
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  type CliSettings,
  type ConsulSettings,
  type EtcdSettings,
  type EtcdTlsSettings,
  type GlobalFlags,
} from './cli-settings.interface';
import { findProjectFile, readProjectFile, splitList, type ProjectFile } from './project-file';

/** The environment variables the tool reads; each is overridden by its flag. */
export const ENVIRONMENT = {
  config: 'CONFIG_CENTER_CONFIG',
  etcd: 'CONFIG_CENTER_ETCD',
  etcdUsername: 'CONFIG_CENTER_ETCD_USERNAME',
  etcdPassword: 'CONFIG_CENTER_ETCD_PASSWORD',
  etcdCa: 'CONFIG_CENTER_ETCD_CA',
  etcdCert: 'CONFIG_CENTER_ETCD_CERT',
  etcdKey: 'CONFIG_CENTER_ETCD_KEY',
  consul: 'CONFIG_CENTER_CONSUL',
  token: 'CONFIG_CENTER_TOKEN',
  prefix: 'CONFIG_CENTER_PREFIX',
  sections: 'CONFIG_CENTER_SECTIONS',
  base: 'CONFIG_CENTER_BASE',
  author: 'CONFIG_CENTER_AUTHOR',
  hashKey: 'CONFIG_CENTER_HASH_KEY',
  requestTimeout: 'CONFIG_CENTER_REQUEST_TIMEOUT',
  keyDir: 'CONFIG_CENTER_KEY_DIR',
} as const;

/** Where the etcd user and password are given, for messages that say what to set. */
export const ETCD_USER_SETTING = `${ENVIRONMENT.etcdUsername} and ${ENVIRONMENT.etcdPassword}, or etcd.username and etcd.password`;

/**
 * The settings of one run: the project file (`--config`, `$CONFIG_CENTER_CONFIG`, or the nearest
 * `config-center.yaml`/`.json` at or above `cwd`), then the environment, then the flags.
 */
export function resolveSettings(flags: GlobalFlags, env: NodeJS.ProcessEnv, cwd: string): CliSettings {
  const explicit = flags.config ?? env[ENVIRONMENT.config];
  const configFile = explicit === undefined ? findProjectFile(cwd) : resolve(cwd, explicit);
  const file: Partial<ProjectFile> = configFile === undefined ? {} : readProjectFile(configFile);
  const fromCwd = (path: string | undefined) => (path === undefined ? undefined : resolve(cwd, path));
  const pick = <T>(flag: T | undefined, variable: string, fromFile: T | undefined, convert: (text: string) => T): T | undefined =>
    flag ?? (env[variable] ? convert(env[variable] as string) : undefined) ?? fromFile;
  const base = flags.base?.length ? flags.base.map((path) => resolve(cwd, path)) : undefined;
  const envBase = env[ENVIRONMENT.base];
  const requestTimeoutMs = requestTimeoutOf(flags, env);
  const etcd = etcdSettings(flags, env, file, cwd);
  const consul = consulSettings(flags, env, file);
  const settings: CliSettings = {
    configFile,
    etcd: etcd && { ...etcd, requestTimeoutMs },
    consul: consul && { ...consul, requestTimeoutMs },
    prefix: pick(flags.prefix, ENVIRONMENT.prefix, file.prefix, String),
    sections: fromCwd(flags.sections ?? (env[ENVIRONMENT.sections] || undefined)) ?? file.sections,
    base: base ?? (envBase ? splitList(envBase).map((path) => resolve(cwd, path)) : (file.base ?? [])),
    author: pick(flags.author, ENVIRONMENT.author, file.author, String),
    controlPrefix: file.controlPrefix,
    ignoreKeys: file.ignoreKeys ?? [],
    keyDir: fromCwd(env[ENVIRONMENT.keyDir] || undefined) ?? file.secrets?.keyDir,
    hashKey: env[ENVIRONMENT.hashKey] || undefined,
    json: flags.json === true,
  };
  if (settings.etcd && settings.consul) {
    throw new CliError('both etcd and Consul are configured: give one backend (--etcd or --consul)', ExitCode.usage);
  }
  return settings;
}

/** `--request-timeout SECONDS` (or its variable) in milliseconds; a usage error unless a number above 0. */
function requestTimeoutOf(flags: GlobalFlags, env: NodeJS.ProcessEnv): number {
  const text = flags.requestTimeout ?? (env[ENVIRONMENT.requestTimeout] || undefined);
  if (text === undefined) return DEFAULT_REQUEST_TIMEOUT_MS;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new CliError(`--request-timeout SECONDS must be a number above 0 (got '${text}')`, ExitCode.usage);
  }
  return seconds * 1000;
}

function etcdSettings(flags: GlobalFlags, env: NodeJS.ProcessEnv, file: Partial<ProjectFile>, cwd: string): EtcdSettings | undefined {
  const listed = flags.etcd ?? env[ENVIRONMENT.etcd];
  const endpoints = listed !== undefined ? splitList(listed) : file.etcd?.endpoints;
  if (flags.consul !== undefined && flags.etcd === undefined) return undefined;
  if (!endpoints?.length) return undefined;
  const origin = flags.etcd !== undefined ? '--etcd' : listed !== undefined ? `$${ENVIRONMENT.etcd}` : `etcd.endpoints of ${file.path}`;
  const index = endpoints.findIndex(hasUserInfo);
  if (index >= 0) refuseUserInfo(`etcd endpoint ${index + 1} of ${origin}`, `the user and password as ${ETCD_USER_SETTING}`);
  return {
    endpoints,
    username: env[ENVIRONMENT.etcdUsername] ?? file.etcd?.username,
    password: env[ENVIRONMENT.etcdPassword] ?? file.etcd?.password,
    tls: etcdTlsSettings(env, file, cwd),
  };
}

/** Each TLS file from its `CONFIG_CENTER_ETCD_*` variable (relative to `cwd`), else from `etcd.tls` of the project file. */
function etcdTlsSettings(env: NodeJS.ProcessEnv, file: Partial<ProjectFile>, cwd: string): EtcdTlsSettings | undefined {
  const pick = (variable: string, fromFile: string | undefined) => (env[variable] ? resolve(cwd, env[variable] as string) : fromFile);
  const tls = {
    ca: pick(ENVIRONMENT.etcdCa, file.etcd?.tls?.ca),
    cert: pick(ENVIRONMENT.etcdCert, file.etcd?.tls?.cert),
    key: pick(ENVIRONMENT.etcdKey, file.etcd?.tls?.key),
  };
  if (tls.ca === undefined && tls.cert === undefined && tls.key === undefined) return undefined;
  if (tls.ca === undefined) {
    throw new CliError(
      `etcd TLS: give the CA that signed etcd's certificate (${ENVIRONMENT.etcdCa} or etcd.tls.ca); for a certificate the system trusts, an https:// endpoint is enough`,
      ExitCode.usage,
    );
  }
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    throw new CliError(
      `etcd TLS: a client certificate needs its key and a key its certificate: give both ${ENVIRONMENT.etcdCert} and ${ENVIRONMENT.etcdKey} (or etcd.tls.cert and etcd.tls.key)`,
      ExitCode.usage,
    );
  }
  return { ca: tls.ca, cert: tls.cert, key: tls.key };
}

function consulSettings(flags: GlobalFlags, env: NodeJS.ProcessEnv, file: Partial<ProjectFile>): ConsulSettings | undefined {
  if (flags.etcd !== undefined && flags.consul === undefined) return undefined;
  const url = flags.consul ?? env[ENVIRONMENT.consul] ?? file.consul?.url;
  if (!url) return undefined;
  if (hasUserInfo(url)) {
    const origin =
      flags.consul !== undefined
        ? '--consul'
        : env[ENVIRONMENT.consul] !== undefined
          ? `$${ENVIRONMENT.consul}`
          : `consul.url of ${file.path}`;
    refuseUserInfo(`the Consul address of ${origin}`, `the ACL token with --token or ${ENVIRONMENT.token} (or consul.token)`);
  }
  return { url, token: flags.token ?? env[ENVIRONMENT.token] ?? file.consul?.token };
}

/**
 * A usage error for an endpoint written with `user:password@`: it would be named in every message,
 * password and all. Names where the endpoint came from, never its text, and where credentials go.
 */
function refuseUserInfo(what: string, instead: string): never {
  throw new CliError(`${what} carries a user name or password: give the address alone, and ${instead}`, ExitCode.usage);
}
