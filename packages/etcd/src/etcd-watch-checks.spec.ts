import { ConfigSourceError } from '@config-center/core';
import type { PrefixRead } from './etcd-prefix-read';
import { EtcdSyncState } from './etcd-sync-state';
import { EtcdWatchChecks } from './etcd-watch-checks';

/** An error etcd's answer would carry; `denied` ones cannot be fixed by retrying. */
const sourceError = (action: string, error: unknown) => {
  const message = (error as Error).message;
  return new ConfigSourceError('etcd:/app/', `${action}: ${message}`, !/denied/.test(message));
};

describe('EtcdWatchChecks', () => {
  let state: EtcdSyncState;
  let established: boolean;
  let delivered: [PrefixRead, number][];
  let failures: string[];
  let access: () => Promise<void>;
  const read: PrefixRead = { revision: 12, clusterId: 'c1', keys: [] };

  const checks = (reconcileIntervalMs: number, accessCheckIntervalMs: number) =>
    new EtcdWatchChecks(
      {
        state,
        reconcileIntervalMs,
        accessCheckIntervalMs,
        readPrefix: () => Promise.resolve(read),
        checkAccess: () => access(),
        sourceError,
      },
      {
        established: () => established,
        deliver: (got, sentAt) => delivered.push([got, sentAt]),
        fail: (error) => failures.push(error.message),
      },
    );

  beforeEach(() => {
    jest.useFakeTimers();
    state = new EtcdSyncState('etcd:/app/', '/app/');
    state.reset({ revision: 10, clusterId: 'c1', keys: [] });
    established = true;
    delivered = [];
    failures = [];
    access = () => Promise.resolve();
  });

  afterEach(() => jest.useRealTimers());

  it('reconciles every interval while a watch is established, with the cursor the read was sent at', async () => {
    const running = checks(1000, 0);
    running.start();
    await jest.advanceTimersByTimeAsync(999);
    expect(delivered).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(delivered).toEqual([[read, 10]]);
    established = false;
    await jest.advanceTimersByTimeAsync(1000);
    expect(delivered).toHaveLength(1);
    established = true;
    await jest.advanceTimersByTimeAsync(1000);
    expect(delivered).toHaveLength(2);
    running.stop();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('keeps checking access through errors retrying can fix, and fails the session once on one it cannot', async () => {
    const running = checks(0, 500);
    running.start();
    access = () => Promise.reject(new Error('etcd unreachable'));
    await jest.advanceTimersByTimeAsync(1000);
    expect(failures).toEqual([]);
    access = () => Promise.reject(new Error('permission denied'));
    await jest.advanceTimersByTimeAsync(500);
    expect(failures).toEqual(["Config source 'etcd:/app/': checking access to: permission denied"]);
    expect(jest.getTimerCount()).toBe(0);
    running.stop();
  });

  it('checks access only while a watch is established', async () => {
    const running = checks(0, 500);
    running.start();
    established = false;
    access = () => Promise.reject(new Error('permission denied'));
    await jest.advanceTimersByTimeAsync(1500);
    expect(failures).toEqual([]);
    established = true;
    await jest.advanceTimersByTimeAsync(500);
    expect(failures).toHaveLength(1);
    running.stop();
  });

  it('drops a reconcile read when the watch went down while it was under way', async () => {
    let answer!: (read: PrefixRead) => void;
    const running = new EtcdWatchChecks(
      {
        state,
        reconcileIntervalMs: 1000,
        accessCheckIntervalMs: 0,
        readPrefix: () => new Promise((resolve) => (answer = resolve)),
        checkAccess: () => access(),
        sourceError,
      },
      { established: () => established, deliver: (got, sentAt) => delivered.push([got, sentAt]), fail: () => undefined },
    );
    running.start();
    await jest.advanceTimersByTimeAsync(1000);
    established = false;
    answer(read);
    await jest.advanceTimersByTimeAsync(0);
    expect(delivered).toEqual([]);
    running.stop();
  });

  it('runs neither check when its interval is 0', () => {
    checks(0, 0).start();
    expect(jest.getTimerCount()).toBe(0);
  });
});
