import type { ConfigKey } from '@config-center/nacos/protocol';
import type { NacosTestAuthOptions } from './nacos-test-auth';

/** How the Nacos test server pushes. */
export interface NacosTestServerOptions {
  /** Delay before the n-th resend of an unacked push is n × this; default 100 ms (Nacos: 2 s). */
  readonly pushRetryDelayMs?: number;
  /** Sends of an unacked push before its connection is dropped; default 3 (Nacos: 50). */
  readonly maxPushTries?: number;
  /**
   * Whether the server negotiates abilities (Nacos 2.2 and later): its server check says so and it
   * answers a setup with a `SetupAckRequest`. `false` plays a 2.0/2.1 server; default `true`.
   */
  readonly abilityNegotiation?: boolean;
  /** Turns auth on: a login route on the main port, and every request checked for its token. */
  readonly auth?: NacosTestAuthOptions;
}

/** Faults a test switches on and off. */
export interface NacosTestFaults {
  /** Lose every push on the wire (resends too) while true, or those it returns true for. */
  losePushes?: boolean | ((key: ConfigKey) => boolean);
}

/** Where a test config lives; defaults: group `DEFAULT_GROUP`, the `public` namespace. */
export interface NacosTestConfigKey {
  readonly group?: string;
  readonly namespace?: string;
}
