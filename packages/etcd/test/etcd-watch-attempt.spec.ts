import { EtcdCluster, waitFor } from '@config-center/testing/harness';
import type { Etcd3, IWatchResponse } from 'etcd3';
import { readPrefix } from '../src/etcd-prefix-read';
import { EtcdSyncState } from '../src/etcd-sync-state';
import { EtcdWatchAttempt, type EtcdWatchAttemptHandlers } from '../src/etcd-watch-attempt';
import { EtcdWatchStream } from '../src/etcd-watch-stream';

/**
 * One watch attempt against a real etcd: it serves only once etcd confirms the watch from the
 * cursor's etcd, says when an answer comes from another cluster, and gives up on a watch etcd does
 * not confirm within its dial timeout.
 */
describe('EtcdWatchAttempt', () => {
  const prefix = '/watch-attempt/';
  let cluster: EtcdCluster;
  let etcd: Etcd3;
  let attempt: EtcdWatchAttempt | undefined;
  let seen: string[];

  /** Handlers that record what the attempt reports, in order. */
  const handlers: EtcdWatchAttemptHandlers = {
    confirmed: () => seen.push('confirmed'),
    received: (response: IWatchResponse) => seen.push(...response.events.map((event) => `${event.type} ${String(event.kv.key)}`)),
    progressed: (revision) => seen.push(`progressed ${revision}`),
    canceled: (error) => seen.push(`canceled: ${error.message}`),
    lost: (error) => seen.push(`lost: ${error.message}`),
    mismatched: (mismatch) => seen.push(`mismatched: ${mismatch}`),
  };

  /** A state loaded from etcd now (its cluster id replaced when `clusterId` is given). */
  const loaded = async (clusterId?: string) => {
    const state = new EtcdSyncState(`etcd:${prefix}`, prefix);
    const read = await readPrefix(etcd, prefix, Date.now() + 5000);
    state.reset(clusterId ? { ...read, clusterId } : read);
    return state;
  };
  /** An attempt from the cursor of `state`. */
  const open = (state: EtcdSyncState, dialTimeoutMs: number) => {
    const openStream: ConstructorParameters<typeof EtcdWatchAttempt>[0]['openStream'] = (startRevision, streamHandlers) =>
      EtcdWatchStream.open(etcd, { prefix, startRevision, deadline: Date.now() + 5000 }, streamHandlers);
    return new EtcdWatchAttempt({ state, dialTimeoutMs, openStream }, handlers);
  };

  beforeAll(async () => {
    cluster = await EtcdCluster.start();
    etcd = cluster.client();
    await etcd.put(`${prefix}limit`).value('5');
  }, 30_000);
  beforeEach(() => (seen = []));
  afterEach(() => {
    attempt?.close();
    attempt = undefined;
    cluster.members[0].resume();
  });
  afterAll(() => cluster?.stop(), 30_000);

  it('is established once etcd confirms the watch, then reports the events after the cursor', async () => {
    attempt = open(await loaded(), 10_000);
    expect(attempt.established).toBe(false);
    await waitFor(() => attempt!.established, 'etcd to confirm the watch', 10_000);
    await etcd.put(`${prefix}limit`).value('6');
    await waitFor(() => seen.length >= 2, 'the put to arrive', 10_000);
    expect(seen).toEqual(['confirmed', `Put ${prefix}limit`]);
    attempt.close();
    expect(attempt.established).toBe(false);
  });

  it('does not serve an etcd of another cluster than the cursor counts in', async () => {
    attempt = open(await loaded('another-cluster'), 10_000);
    await waitFor(() => seen.length > 0, 'the attempt to answer', 10_000);
    expect(seen).toEqual([expect.stringMatching(/^mismatched: .*another-cluster/)]);
    expect(attempt.established).toBe(false);
  });

  it('is lost when etcd does not confirm the watch within the dial timeout', async () => {
    const state = await loaded();
    cluster.members[0].pause();
    attempt = open(state, 300);
    await waitFor(() => seen.length > 0, 'the dial timeout', 10_000);
    expect(seen[0]).toBe('lost: etcd did not confirm the watch within 300 ms');
    expect(attempt.established).toBe(false);
  });
});
