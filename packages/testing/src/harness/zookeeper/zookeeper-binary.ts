import { existsSync } from 'node:fs';
import { requiredBinary } from '../required-binary';

const DEBIAN_JAR = '/usr/share/java/zookeeper.jar';

/** The JVM that runs the ZooKeeper server: `$JAVA_BIN`, else `java` on the PATH (Debian's `zookeeper` depends on a JRE). */
export function javaBinary(): string {
  return requiredBinary({ what: 'The Java runtime', command: 'java', env: 'JAVA_BIN', debianPackage: 'zookeeper' });
}

/**
 * The ZooKeeper server jar: `$ZOOKEEPER_JAR`, else Debian's `/usr/share/java/zookeeper.jar`, whose
 * manifest `Class-Path` names every jar it needs, so it is the whole classpath Debian's start
 * script (`/usr/share/zookeeper/bin/zkEnv.sh`) uses, less `/etc/zookeeper/conf` (its log4j settings:
 * the harness keeps the server quiet). Throws when it is missing — tests never skip.
 */
export function zookeeperJar(): string {
  const jar = process.env.ZOOKEEPER_JAR || DEBIAN_JAR;
  if (!existsSync(jar)) {
    throw new Error(
      `The ZooKeeper server jar '${jar}' is missing. Install the Debian package zookeeper (bash .ci/run does) or set ZOOKEEPER_JAR to its path.`,
    );
  }
  return jar;
}
