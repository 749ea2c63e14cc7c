import { TrackedProcess } from '../tracked-process';
import { javaBinary, zookeeperJar } from './zookeeper-binary';

/** A small, quick-starting JVM: the test server holds a few nodes. */
const JVM_FLAGS = ['-Xms32m', '-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];

/**
 * One spawned ZooKeeper server JVM (`QuorumPeerMain <zoo.cfg>`): signals, exit and the tail of what
 * it wrote, as for an etcd member; a JVM the test run leaves behind is killed when the run exits.
 */
export class ZooKeeperServerProcess extends TrackedProcess {
  /** Spawns the server with the config file `configFile`. */
  constructor(configFile: string) {
    const main = 'org.apache.zookeeper.server.quorum.QuorumPeerMain';
    super({ command: javaBinary(), args: [...JVM_FLAGS, '-cp', zookeeperJar(), main, configFile], keepStdout: true, stopGraceMs: 5000 });
  }
}
