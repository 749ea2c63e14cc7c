import { join } from 'node:path';
import { EnvConfigSource, FileConfigSource, type ConfigSource } from '@config-center/core';
import { EtcdConfigSource, type EtcdInstanceReportOptions } from '@config-center/etcd';
import { instanceReportFromEnv } from './instance-report-env';

/** Where the demo reads its config from. */
export interface DemoOptions {
  /** The YAML file; default `apps/demo/config/app.yaml`. */
  readonly configPath?: string;
  /** The last-good cache; default `.config-center/demo-last-good.json`. */
  readonly cachePath?: string;
  /** With endpoints, etcd keys under `prefix` override the file (default prefix `/config-center/demo/`). */
  readonly etcd?: {
    readonly endpoints: readonly string[];
    readonly prefix?: string;
    readonly username?: string;
    readonly password?: string;
    /** This instance's report in etcd (id, labels), which the CLI's `rollout` and `canary` read; off when absent. */
    readonly report?: EtcdInstanceReportOptions;
  };
}

/** The etcd prefix the demo reads when none is given. */
export const DEFAULT_ETCD_PREFIX = '/config-center/demo/';

/**
 * The demo's options from the environment: `CONFIG_PATH`; `ETCD_ENDPOINTS` (comma-separated
 * `host:port`), `ETCD_PREFIX`, `ETCD_USERNAME`, `ETCD_PASSWORD` to add etcd; with etcd,
 * `INSTANCE_ID` and `INSTANCE_LABELS` (`zone=a,tier=web`) turn the instance report on. An
 * `INSTANCE_LABELS` that is not a list of `name=value`, or a report asked for without etcd, is an error.
 */
export function demoOptionsFromEnv(env: NodeJS.ProcessEnv): DemoOptions {
  const endpoints = (env.ETCD_ENDPOINTS ?? '')
    .split(',')
    .map((endpoint) => endpoint.trim())
    .filter(Boolean);
  const report = instanceReportFromEnv(env, endpoints.length > 0);
  const etcd = endpoints.length
    ? { endpoints, prefix: env.ETCD_PREFIX || undefined, username: env.ETCD_USERNAME || undefined, password: env.ETCD_PASSWORD, report }
    : undefined;
  return { configPath: env.CONFIG_PATH || undefined, etcd };
}

/**
 * The sources, lowest precedence first: the config file; etcd when endpoints are given (its keys
 * override the file's: `rateLimit/limit` = `2` under the prefix overrides `rateLimit.limit`); then
 * `DEMO__*` environment variables (`DEMO__RATE_LIMIT__LIMIT=2`).
 */
export function demoSources(options: DemoOptions): ConfigSource[] {
  const configPath = options.configPath ?? join(__dirname, '..', 'config', 'app.yaml');
  const sources: ConfigSource[] = [new FileConfigSource({ path: configPath })];
  const { etcd } = options;
  if (etcd) {
    const auth = etcd.username ? { username: etcd.username, password: etcd.password ?? '' } : undefined;
    const prefix = etcd.prefix ?? DEFAULT_ETCD_PREFIX;
    sources.push(new EtcdConfigSource({ hosts: etcd.endpoints, prefix, auth, report: etcd.report }));
  }
  sources.push(new EnvConfigSource({ prefix: 'DEMO__' }));
  return sources;
}
