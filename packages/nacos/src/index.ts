/** `@config-center/nacos`: `NacosConfigSource`, on the Nacos 2.x/3.x gRPC client protocol. */

/** The source: dataIds as documents, merged in order, followed by push, ack, re-listen and query. */
export { NacosConfigSource } from './nacos-config-source';
/** Its options. */
export type { NacosConfigSourceOptions, NacosDataIdOptions } from './nacos-config-source-options.interface';
/** A client for tools (the CLI, test backends): query, publish with `casMd5`, remove. */
export { NacosConfigClient, type NacosConfigClientOptions, type NacosConfigEntry } from './nacos-config-client';
