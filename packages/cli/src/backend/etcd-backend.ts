import { EtcdConfigSource } from '@config-center/etcd';
import { KeyMapper } from '@config-center/core/source-kit';
import { Etcd3 } from 'etcd3';
import { CliError, ExitCode } from '../cli-error';
import type { KeyValues } from '../config-keys';
import type { EtcdSettings } from '../settings/cli-settings.interface';

/** Deadline of each request to etcd. */
const REQUEST_TIMEOUT_MS = 5000;

/**
 * The service's prefix in etcd, through one `etcd3` client: its raw keys (for a diff) and an
 * `EtcdConfigSource` over the same client (for validating the live state the way the app reads it).
 * Errors name the endpoints and the prefix, never the credentials.
 */
export class EtcdBackend {
  private readonly client: Etcd3;
  readonly prefix: string;

  constructor(
    private readonly settings: EtcdSettings,
    prefix: string,
  ) {
    this.prefix = prefix.endsWith('/') ? prefix : `${prefix}/`;
    const { username, password } = settings;
    this.client = new Etcd3({
      hosts: [...settings.endpoints],
      auth: username !== undefined && password !== undefined ? { username, password } : undefined,
      defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + REQUEST_TIMEOUT_MS }),
    });
  }

  /** `etcd at 127.0.0.1:2379, prefix '/configs/orders/'`: what messages name. */
  describe(): string {
    return `etcd at ${this.settings.endpoints.map(withoutUserInfo).join(', ')}, prefix '${this.prefix}'`;
  }

  /** The keys under the prefix (relative to it, named in hex when not UTF-8) and their values as text. */
  async readKeys(): Promise<KeyValues> {
    try {
      const { kvs } = await this.client.getAll().prefix(this.prefix).exec();
      const keys = new Map<string, string>();
      for (const kv of kvs) keys.set(KeyMapper.describe(kv.key.subarray(Buffer.byteLength(this.prefix))), kv.value.toString('utf8'));
      return new Map([...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    } catch (error) {
      throw this.unreachable(error);
    }
  }

  /** The source the app would read the prefix with, on this backend's client. */
  source(): EtcdConfigSource {
    return new EtcdConfigSource({ client: this.client, prefix: this.prefix, requestTimeoutMs: REQUEST_TIMEOUT_MS, reconcileIntervalMs: 0 });
  }

  /** The exit-3 error for a failure to read from etcd: endpoints, prefix and cause, with any credential blanked. */
  unreachable(error: unknown): CliError {
    const cause = error instanceof Error ? error.message : String(error);
    return new CliError(`cannot read from ${this.describe()}: ${this.scrub(cause)}`, ExitCode.unreachable, { cause: error });
  }

  close(): void {
    this.client.close();
  }

  private scrub(text: string): string {
    const { password } = this.settings;
    return password ? text.split(password).join('***') : text;
  }
}

/** An endpoint without `user:password@`. */
function withoutUserInfo(endpoint: string): string {
  return endpoint.replace(/^([a-z]+:\/\/)?[^@/]*@/i, '$1');
}
