import { circuitBreaker, ConsecutiveBreaker, handleWhen, type IDefaultPolicyContext, type IPolicy } from 'cockatiel';
import { Etcd3, isRecoverableError, type IOptions } from 'etcd3';

/** An etcd3 client whose `close()` also stops every call it would still start. */
export interface GatedEtcdClient {
  readonly client: Etcd3;
  /** Shuts the gate, then closes the client: no call starts after this, so none is retried. */
  close(): void;
}

/**
 * etcd3's default policy for each host (its docs and `connection-pool.js`): a breaker that opens
 * after three consecutive recoverable errors and lets a call through again after 5 s.
 */
export function defaultEtcdHostPolicy(): IPolicy<IDefaultPolicyContext> {
  return circuitBreaker(handleWhen(isRecoverableError), { halfOpenAfter: 5_000, breaker: new ConsecutiveBreaker(3) });
}

/**
 * Creates an etcd3 client whose host policies (`options.faultHandling.host`, etcd3's default
 * breaker when not given) sit behind a gate that `close()` shuts before closing the client.
 *
 * Why: etcd3 hands a watcher out only once etcd confirms it, so one asked for just before etcd
 * became unreachable cannot be cancelled; after `client.close()` its watch manager retries it for
 * ever (a timer, then a call on the closed pool that fails at once, then a timer...), and the
 * process never exits. Behind a shut gate a call never starts and never settles: the watch manager
 * waits for good, holding no timer and no socket. While open, the gate changes nothing.
 */
export function createGatedEtcdClient(options: IOptions): GatedEtcdClient {
  let open = true;
  const hostPolicy = options.faultHandling?.host ?? defaultEtcdHostPolicy;
  const client = new Etcd3({
    ...options,
    faultHandling: { ...options.faultHandling, host: (host) => gated(hostPolicy(host), () => open) },
  });
  return {
    client,
    close: () => {
      open = false;
      client.close();
    },
  };
}

function gated(policy: IPolicy<IDefaultPolicyContext>, isOpen: () => boolean): IPolicy<IDefaultPolicyContext> {
  return {
    // A type-only member of cockatiel's IPolicy ("will not actually be defined").
    _altReturn: undefined as never,
    onSuccess: policy.onSuccess,
    onFailure: policy.onFailure,
    execute: (fn, signal) => (isOpen() ? policy.execute(fn, signal) : new Promise<never>(() => undefined)),
  };
}
