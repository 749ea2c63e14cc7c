import { TrackedProcess } from '../tracked-process';
import { etcdBinary } from './etcd-binary';

/**
 * One spawned `etcd` process of a member: the signals a test sends it, its exit, and the tail of
 * what it wrote to stderr (for failure messages). A process the test run leaves behind is killed
 * when the run exits. The member spawns a new one for each start, on the same data dir.
 */
export class EtcdMemberProcess extends TrackedProcess {
  /** Spawns `etcd` with `args`, and none of the caller's `ETCD_*` variables. */
  constructor(args: readonly string[]) {
    // etcd reads ETCD_* variables as flags; none of the caller's may change the member.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('ETCD_')));
    super({ command: etcdBinary(), args, env, stopGraceMs: 3000 });
  }
}
