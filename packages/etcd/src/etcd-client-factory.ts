import { ConfigCenterError, hasUserInfo } from '@config-center/core/source-kit';
import { noop } from 'cockatiel';
import type { IOptions, Namespace } from 'etcd3';
import type { EtcdConfigSourceOptions } from './etcd-config-source-options.interface';
import type { EtcdConnectionFacts } from './etcd-failure-wording';
import { createGatedEtcdClient } from './gated-etcd-client';

/** The client a source talks through, how to describe its endpoint, and whether to close it. */
export interface EtcdConnection {
  readonly client: Namespace;
  /** The endpoints, for error messages. */
  readonly endpoint: string;
  /** Strings that must never appear in a message. */
  readonly secrets: readonly string[];
  /** What the options say of the connection, for messages that say what to change (`etcdFailureReason`). */
  readonly facts: EtcdConnectionFacts;
  /**
   * Closes the client when the source created it — after which it starts no call, so etcd3 retries
   * nothing (see `createGatedEtcdClient`) — and leaves a given one alone.
   */
  close(): void;
}

/** The connection settings after defaults. */
export interface EtcdConnectionSettings {
  readonly requestTimeoutMs: number;
  readonly keepaliveMs: number;
  readonly maxReconnectDelayMs: number;
}

/**
 * Creates the etcd3 client a source uses from its options — endpoints, auth, TLS, a deadline on
 * every request, keepalive pings — or wraps the client it was given (which it never closes).
 */
export function connectEtcd(options: EtcdConfigSourceOptions, settings: EtcdConnectionSettings): EtcdConnection {
  const secrets = options.auth?.password ? [options.auth.password] : [];
  const facts = connectionFacts(options, settings);
  if (options.client) return { client: options.client, endpoint: 'a shared etcd3 client', secrets, facts, close: () => undefined };
  const hosts = typeof options.hosts === 'string' ? [options.hosts] : [...(options.hosts ?? [])];
  refuseUserInfo(hosts);
  const { client, close } = createGatedEtcdClient(clientOptions(hosts, options, settings));
  return { client, endpoint: hosts.join(', '), secrets, facts, close };
}

/** The user name and whether a CA and a client certificate were given (PEM contents: never named), and the deadline. */
function connectionFacts({ auth, tls }: EtcdConfigSourceOptions, settings: EtcdConnectionSettings): EtcdConnectionFacts {
  return {
    username: auth?.username,
    ca: tls && {},
    clientCertificate: tls?.clientCertificate === undefined ? undefined : {},
    requestTimeoutMs: settings.requestTimeoutMs,
  };
}

/**
 * Refuses an endpoint written with `user:password@`: etcd3 does not read credentials from it (they
 * would reach gRPC as part of the host name), and every message naming the endpoint would carry
 * the password. The message names the endpoint by its position, never its text.
 */
function refuseUserInfo(hosts: readonly string[]): void {
  const index = hosts.findIndex(hasUserInfo);
  if (index < 0) return;
  throw new ConfigCenterError(
    `EtcdConfigSource: hosts[${index}] carries a user name or password: give the endpoint alone and the credentials as ` +
      '`auth: { username, password }` (the password from a secret, e.g. process.env.ETCD_PASSWORD)',
  );
}

function clientOptions(hosts: string[], options: EtcdConfigSourceOptions, settings: EtcdConnectionSettings): IOptions {
  const deadline = () => ({ deadline: Date.now() + settings.requestTimeoutMs });
  const { auth, tls } = options;
  return {
    hosts,
    auth: auth && { username: auth.username, password: auth.password, callOptions: deadline },
    credentials: tls && {
      rootCertificate: toBuffer(tls.rootCertificate),
      certChain: tls.clientCertificate === undefined ? undefined : toBuffer(tls.clientCertificate),
      privateKey: tls.clientKey === undefined ? undefined : toBuffer(tls.clientKey),
    },
    defaultCallOptions: (context) => (context.isStream ? {} : deadline()),
    grpcOptions: {
      ...(settings.keepaliveMs > 0 && {
        'grpc.keepalive_time_ms': settings.keepaliveMs,
        'grpc.keepalive_timeout_ms': Math.min(settings.keepaliveMs, 5000),
      }),
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': settings.maxReconnectDelayMs,
      'grpc.max_receive_message_length': 64 * 1024 * 1024,
    },
    // With one endpoint there is nothing to fail over to: a circuit breaker would only keep the
    // source off a restarted etcd for 5 s, so it gets cockatiel's no-op policy, as etcd3's docs say.
    // With several, etcd3's default breaker steers calls away.
    faultHandling: { host: hosts.length === 1 ? () => noop : undefined },
  };
}

function toBuffer(pem: Buffer | string): Buffer {
  return typeof pem === 'string' ? Buffer.from(pem, 'utf8') : pem;
}
