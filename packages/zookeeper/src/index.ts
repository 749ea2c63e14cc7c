/** The ZooKeeper source: a znode subtree as config, followed with watches. */
export { ZooKeeperConfigSource } from './zookeeper-config-source';
/** Its options and the authentication it sends. */
export type { ZooKeeperAuth, ZooKeeperConfigSourceOptions } from './zookeeper-config-source-options.interface';
