import { createGatedEtcdClient, type GatedEtcdClient } from '@config-center/etcd/control';
import { redact } from '@config-center/core/tooling';
import type { Etcd3, IOptions } from 'etcd3';
import { CliError, ExitCode } from '../cli-error';
import type { ControlKeys } from '../history/history-record';
import { DEFAULT_REQUEST_TIMEOUT_MS, type EtcdSettings } from '../settings/cli-settings.interface';
import { etcdTlsCredentials } from '../settings/etcd-tls';
import { etcdFailureMessage, type EtcdCall } from './etcd-failure-message';

/**
 * The CLI's connection to etcd for one service: one `etcd3` client with a deadline on each call,
 * the prefix and control keys it works on, and the exit-3 errors its calls fail with. The backend,
 * its control reads and its publish commit share it, so every failure is named the same way.
 */
export class EtcdConnection {
  readonly client: Etcd3;
  /** The client's options, for the client of its own a lost commit reply is checked on. */
  readonly options: IOptions;
  /** The deadline of each request (one round-trip). */
  readonly requestTimeoutMs: number;
  private readonly gated: GatedEtcdClient;

  constructor(
    private readonly settings: EtcdSettings,
    readonly prefix: string,
    readonly control: ControlKeys,
  ) {
    const { username, password } = settings;
    const requestTimeoutMs = (this.requestTimeoutMs = settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    this.options = {
      hosts: [...settings.endpoints],
      auth: username !== undefined && password !== undefined ? { username, password } : undefined,
      credentials: etcdTlsCredentials(settings.tls),
      defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + requestTimeoutMs }),
    };
    this.gated = createGatedEtcdClient(this.options);
    this.client = this.gated.client;
  }

  /** `etcd at 127.0.0.1:2379, prefix '/configs/orders/'`: what messages name. */
  describe(): string {
    return `etcd at ${redact(this.settings.endpoints.join(', '))}, prefix '${this.prefix}'`;
  }

  /** The exit-3 error for a failed call: what happened in plain words (see `etcdFailureMessage`), any credential blanked. */
  failed(error: unknown, call: EtcdCall): CliError {
    const reason = etcdFailureMessage(error, this.settings, call);
    return new CliError(`cannot ${call.verb} ${this.describe()}: ${redact(this.scrub(reason))}`, ExitCode.unreachable, { cause: error });
  }

  /** The exit-3 error for a failure to read the prefix from etcd (or write it, or watch it). */
  unreachable(error: unknown, verb = 'read from'): CliError {
    return this.failed(error, { verb, range: `prefix '${this.prefix}'` });
  }

  /** The exit-3 error for a failed read of the control prefix (the history, the version counter). */
  controlReadFailed(error: unknown): CliError {
    return this.failed(error, { verb: 'read from', range: `control prefix '${this.control.prefix}'` });
  }

  /** Closes the client; it starts no call afterwards, so no watch of a follow is left retrying. */
  close(): void {
    this.gated.close();
  }

  private scrub(text: string): string {
    const { password } = this.settings;
    return password ? text.split(password).join('***') : text;
  }
}
