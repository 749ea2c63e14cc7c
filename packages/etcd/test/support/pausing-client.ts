import type { Etcd3, MultiRangeBuilder, Namespace } from 'etcd3';

/**
 * The real client, counting the range requests it sends, and running `before` (a write, a
 * compaction: the real thing) just before the request numbered `at` — between two pages of a read.
 */
export function pausingClient(client: Etcd3, at: number, before: () => Promise<void>): { client: Namespace; requests: () => number } {
  let requests = 0;
  const getAll = (): MultiRangeBuilder => {
    const builder = client.getAll();
    const exec = builder.exec.bind(builder);
    const keyBuffers = builder.keyBuffers.bind(builder);
    const counted = async <T>(send: () => Promise<T>) => {
      if (++requests === at) await before();
      return send();
    };
    return Object.assign(builder, { exec: () => counted(exec), keyBuffers: () => counted(keyBuffers) });
  };
  return {
    client: new Proxy(client, { get: (target, name) => (name === 'getAll' ? getAll : Reflect.get(target, name)) }),
    requests: () => requests,
  };
}
