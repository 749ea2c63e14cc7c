import type { ConsulKvEntry } from '@config-center/consul';
import { redact, type ConfigSource } from '@config-center/core/tooling';
import { CliError, ExitCode } from '../cli-error';
import type { KeyValues } from '../config-keys';
import { ControlKeys, counterVersion, repairedCounter, type HistoryRecord } from '../history/history-record';
import { DEFAULT_REQUEST_TIMEOUT_MS, type ConsulSettings } from '../settings/cli-settings.interface';
import type { ConfigBackend, PreparedPublish } from './config-backend.interface';
import type { LiveKey, PublishRequest, VersionCounter } from './publish-plan';
import { consulFailureMessage } from './consul-failure-message';
import { consulPublishTxn, uncomparedWarning, type ConsulPublishTxn } from './consul-publish-txn';

/**
 * The service's prefix in Consul's KV, through its documented HTTP API (`GET /v1/kv/…?recurse`,
 * `PUT /v1/txn`) and, for validating the live state, the app's own `ConsulConfigSource`. Consul keys
 * have no leading `/`: the prefix `/configs/orders/` is the Consul key prefix `configs/orders/`, and
 * the control prefix maps the same way (`config-center/control/configs/orders/` by default). The
 * ACL token goes in `X-Consul-Token` only; messages name the agent and the prefix, never the token.
 */
export class ConsulBackend implements ConfigBackend {
  readonly prefix: string;
  readonly control: ControlKeys;
  private readonly url: string;
  /** The deadline of each request (one round-trip). */
  private readonly requestTimeoutMs: number;

  /** `prefix` and `controlPrefix` as given (a leading `/` is dropped), each ending in `/`. */
  constructor(
    private readonly settings: ConsulSettings,
    prefix: string,
    controlPrefix: string,
  ) {
    this.prefix = consulKeyOf(prefix);
    this.control = new ControlKeys(consulKeyOf(controlPrefix));
    const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(settings.url) ? settings.url : `http://${settings.url}`;
    this.url = url.replace(/\/+$/, '');
    this.requestTimeoutMs = settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  /** `Consul at http://127.0.0.1:8500, prefix 'configs/orders/'`: what messages name. */
  describe(): string {
    return `Consul at ${redact(this.url)}, prefix '${this.prefix}'`;
  }

  /** The keys under the prefix (relative to it) and their values as text. */
  async readKeys(): Promise<KeyValues> {
    const entries = await this.readEntries();
    return new Map([...entries].map(([key, { value }]) => [key, value]));
  }

  /** The live keys with their `ModifyIndex`, in key order; folders (keys ending in `/`) hold no config and are left out. */
  async readEntries(): Promise<ReadonlyMap<string, LiveKey>> {
    const keys = new Map<string, LiveKey>();
    for (const entry of await this.list(this.prefix)) {
      if (entry.Key.endsWith('/')) continue;
      keys.set(entry.Key.slice(this.prefix.length), {
        raw: Buffer.from(entry.Key, 'utf8'),
        value: textOf(entry),
        modRevision: String(entry.ModifyIndex),
      });
    }
    return new Map([...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** The version counter under the control prefix. */
  async readCounter(): Promise<VersionCounter> {
    const [entry] = await this.list(this.control.counter, false);
    const version = entry && counterVersion(textOf(entry));
    if (version !== undefined) return { version, modRevision: String(entry!.ModifyIndex) };
    const records = await this.listKeys(this.control.history);
    return repairedCounter(this.control, records, entry && { modRevision: String(entry.ModifyIndex) });
  }

  /** The publish as one `PUT /v1/txn`, refused beyond Consul's limits; see `consulPublishTxn`. */
  preparePublish(request: PublishRequest): PreparedPublish {
    if (request.retire) throw new CliError(`${this.describe()}: canary releases need etcd`, ExitCode.usage);
    const txn = consulPublishTxn(this.prefix, this.control, request, this.describe());
    return { warnings: uncomparedWarning(txn, this.describe()), commit: () => this.commit(txn) };
  }

  /** Every history record, oldest first. */
  async readHistory(): Promise<HistoryRecord[]> {
    const entries = await this.list(this.control.history);
    return entries.sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0)).map(recordOf);
  }

  /** One history record, or undefined when there is no such version. */
  async readRecord(version: number): Promise<HistoryRecord | undefined> {
    const [entry] = await this.list(this.control.record(version), false);
    return entry && recordOf(entry);
  }

  /** The source the app would read the prefix with, on the same agent and token; loaded on use (it brings rxjs and the core's module). */
  async source(): Promise<ConfigSource> {
    const { ConsulConfigSource } = await import('@config-center/consul');
    return new ConsulConfigSource({
      url: this.url,
      prefix: this.prefix,
      token: this.settings.token,
      requestTimeoutMs: this.requestTimeoutMs,
    });
  }

  /** The exit-3 error for a failure to reach Consul: agent, prefix and cause, with the token blanked. */
  unreachable(error: unknown, verb = 'read from'): CliError {
    const reason = consulFailureMessage(error, this.requestTimeoutMs);
    return new CliError(`cannot ${verb} ${this.describe()}: ${redact(this.scrub(reason))}`, ExitCode.unreachable, { cause: error });
  }

  /** Nothing to close: each request is its own `fetch`. */
  close(): void {}

  /** `GET /v1/kv/<key>` (with `recurse` for a prefix): the entries, none for 404. */
  private async list(key: string, recurse = true): Promise<ConsulKvEntry[]> {
    const response = await this.request('GET', `/v1/kv/${encodeKey(key)}${recurse ? '?recurse' : ''}`);
    if (response.status === 404) return [];
    if (!response.ok) throw await this.refused(response, 'read from');
    return (await response.json()) as ConsulKvEntry[];
  }

  /** The keys under `prefix` (`GET /v1/kv/<prefix>?keys`), without their values. */
  private async listKeys(prefix: string): Promise<string[]> {
    const response = await this.request('GET', `/v1/kv/${encodeKey(prefix)}?keys`);
    if (response.status === 404) return [];
    if (!response.ok) throw await this.refused(response, 'read from');
    return (await response.json()) as string[];
  }

  /** `PUT /v1/txn`: true when applied; false on a failed compare (409 without a permission error). */
  private async commit(txn: ConsulPublishTxn): Promise<boolean> {
    const response = await this.request('PUT', '/v1/txn', txn.body, 'write to');
    if (response.ok) return true;
    if (response.status === 409) {
      const { Errors } = (await response.json()) as { Errors?: { OpIndex: number; What: string }[] | null };
      const denied = (Errors ?? []).find(({ What }) => /permission denied/i.test(What));
      if (!denied) return false;
      const key = txn.operations[denied.OpIndex]?.KV.Key ?? 'a key';
      throw new CliError(
        `permission denied by ${this.describe()}: the ACL token may not write '${key}'; nothing was written`,
        ExitCode.unreachable,
      );
    }
    if (response.status === 413) {
      const text = (await response.text()).slice(0, 200);
      throw new CliError(
        `refused by ${this.describe()}: ${redact(text)} (a publish is never split); nothing was written`,
        ExitCode.invalid,
      );
    }
    throw await this.refused(response, 'write to');
  }

  private async request(method: string, path: string, body?: string, verb = 'read from'): Promise<Response> {
    const headers: Record<string, string> = this.settings.token ? { 'X-Consul-Token': this.settings.token } : {};
    try {
      return await fetch(`${this.url}${path}`, { method, body, headers, signal: AbortSignal.timeout(this.requestTimeoutMs) });
    } catch (error) {
      throw this.unreachable(error, verb);
    }
  }

  /** The exit-3 error for an answer other than success: a 403 says the token is missing or lacks the permission. */
  private async refused(response: Response, verb: string): Promise<CliError> {
    const text = redact(this.scrub((await response.text()).trim().slice(0, 200)));
    if (response.status === 403) {
      const token = this.settings.token
        ? 'the ACL token was refused or lacks the permission'
        : 'no ACL token was given (--token or CONFIG_CENTER_TOKEN)';
      return new CliError(`permission denied by ${this.describe()} (${verb} it): ${token}; Consul said: ${text}`, ExitCode.unreachable);
    }
    return new CliError(`cannot ${verb} ${this.describe()}: Consul answered ${response.status} ${text}`, ExitCode.unreachable);
  }

  private scrub(text: string): string {
    const { token } = this.settings;
    return token ? text.split(token).join('***') : text;
  }
}

/** A prefix as a Consul key: no leading `/`. */
function consulKeyOf(prefix: string): string {
  return prefix.replace(/^\/+/, '');
}

/** Each `/`-separated segment of a key URL-encoded, for the path of `/v1/kv/`. */
function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

/** An entry's value as text; `null` is an empty value. */
function textOf(entry: ConsulKvEntry): string {
  return entry.Value === null ? '' : Buffer.from(entry.Value, 'base64').toString('utf8');
}

/** A stored history record with the index its publish committed at: its key's `ModifyIndex`, set by that transaction. */
function recordOf(entry: ConsulKvEntry): HistoryRecord {
  return { ...(JSON.parse(textOf(entry)) as HistoryRecord), revision: String(entry.ModifyIndex) };
}
