import type { ReadKey } from '@config-center/core/source-kit';
import { Exception, type Stat } from 'node-zookeeper-client';
import type { ZooKeeperSession } from './zookeeper-session';

/** One pass over the subtree: its keys (relative to the root), and the newest zxid that touched it. */
export interface SubtreeRead {
  readonly keys: readonly ReadKey[];
  /** The largest `mzxid`/`pzxid` of the nodes read: it grows with every change, a deletion included. */
  readonly zxid: bigint;
  /** A node vanished between listing and reading it: the pass is not a state ZooKeeper held. */
  readonly vanished: boolean;
}

/**
 * Reads the subtree under `root` in one pass, arming a data and a child watch on every node read
 * (an existence watch on a missing root). Child names are path segments; a node's data is the text
 * of its key, and a node with no data holds no key (a folder, as `mkdirp` leaves it). A node deeper
 * than `maxDepth` segments is not read: it is reported as a key that cannot be read. Nodes of one
 * level are read concurrently; ZooKeeper answers them, and sends any watch event they arm, in order.
 */
export async function readSubtree(session: ZooKeeperSession, root: string, maxDepth: number): Promise<SubtreeRead> {
  const keys: ReadKey[] = [];
  let zxid = 0n;
  let vanished = false;
  const seen = (stat: Stat) => {
    for (const value of [zxidOf(stat.mzxid), zxidOf(stat.pzxid)]) if (value > zxid) zxid = value;
  };
  const rootListing = await orMissing(session.children(root));
  if (rootListing === REFUSED) throw new RootRefusedError(root);
  if (!rootListing) {
    // Created in between: the existence watch has fired, or will before the next answer.
    if (await session.exists(root)) vanished = true;
    return { keys, zxid, vanished };
  }
  seen(rootListing.stat);
  let level = rootListing.children.map((name) => [name]);
  while (level.length) {
    const next: string[][] = [];
    await Promise.all(
      level.map(async (segments) => {
        const key = segments.join('/');
        if (segments.length > maxDepth) {
          keys.push({ key, raw: '', problem: `the node is deeper than the limit of ${maxDepth} segments; its subtree is not read` });
          return;
        }
        const path = `${root === '/' ? '' : root}/${key}`;
        const [node, listing] = await Promise.all([orMissing(session.data(path)), orMissing(session.children(path))]);
        if (node === REFUSED || listing === REFUSED) return void keys.push({ key, raw: '', problem: REFUSED_PROBLEM });
        if (!node || !listing) return void (vanished = true);
        seen(node.stat);
        seen(listing.stat);
        if (node.data?.length) keys.push({ key, raw: node.data });
        for (const child of listing.children) next.push([...segments, child]);
      }),
    );
    level = next;
  }
  return { keys, zxid, vanished };
}

/** The root's ACL refuses the source's auth: nothing can be read until the auth or the ACL is fixed. */
export class RootRefusedError extends Error {
  constructor(root: string) {
    super(`ZooKeeper refuses to read the root ${root} (NO_AUTH): its ACL does not allow the source's auth`);
  }
}

/** A zxid from its 8 big-endian bytes, as the client's `Stat` holds it. */
export function zxidOf(bytes: Buffer): bigint {
  return bytes.readBigUInt64BE(0);
}

const REFUSED = Symbol('NO_AUTH');
const REFUSED_PROBLEM = "ZooKeeper refuses to read the node (NO_AUTH): its ACL does not allow the source's auth; its subtree is not read";

/** The answer, `undefined` for a node that does not exist, `REFUSED` for one whose ACL refuses the read. */
async function orMissing<T>(request: Promise<T>): Promise<T | undefined | typeof REFUSED> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof Exception && error.getCode() === Exception.NO_NODE) return undefined;
    if (error instanceof Exception && error.getCode() === Exception.NO_AUTH) return REFUSED;
    throw error;
  }
}
