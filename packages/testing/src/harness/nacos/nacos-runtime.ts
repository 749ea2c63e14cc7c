import type * as Grpc from '@grpc/grpc-js';
import type * as Protocol from '@config-center/nacos/protocol';

/**
 * What the Nacos test server runs on: `@grpc/grpc-js` and the protocol of `@config-center/nacos`
 * (optional peers of this package), loaded when a server starts, so that the rest of the harness
 * needs neither.
 */
export interface NacosRuntime {
  readonly grpc: typeof Grpc;
  readonly protocol: typeof Protocol;
}

/** Loads the runtime; fails, naming the packages to install, when they are missing. */
export async function loadNacosRuntime(): Promise<NacosRuntime> {
  try {
    const [grpc, protocol] = await Promise.all([import('@grpc/grpc-js'), import('@config-center/nacos/protocol')]);
    return { grpc, protocol };
  } catch (error) {
    throw new Error('NacosTestServer needs the packages @grpc/grpc-js and @config-center/nacos installed', { cause: error });
  }
}
