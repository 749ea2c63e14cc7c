import {
  canaryReleaseKey,
  controlPrefixFor,
  EtcdConfigSource,
  type CanaryRelease,
  type EtcdConfigSourceOptions,
} from '@config-center/etcd';
import { EtcdCluster, TcpCutProxy, waitFor } from '@config-center/testing/harness';
import type { Etcd3 } from 'etcd3';
import { AppliedStateProbe } from './support/applied-state-probe';

const RETRY = { initialDelayMs: 50, maxDelayMs: 300 };
/** The Watch streams etcd has started: each watch attempt of a source opens one. */
const WATCH_STREAMS = 'grpc_server_started_total{grpc_method="Watch",grpc_service="etcdserverpb.Watch",grpc_type="bidi_stream"}';

/**
 * etcd's progress notifications (here every 200 ms; 10 min by default) tell a watcher that every
 * event up to a revision has been sent. The source moves its cursor to that revision, so a quiet
 * prefix — while the rest of etcd changes — keeps a recent cursor: a reconnect after a compaction
 * resumes the watch instead of being cancelled and re-reading the whole prefix.
 */
describe('EtcdConfigSource on a quiet prefix, with progress notifications', () => {
  const prefix = '/progress/quiet/';
  let cluster: EtcdCluster;
  let etcd: Etcd3;
  let proxy: TcpCutProxy | undefined;
  let probe: AppliedStateProbe | undefined;

  beforeAll(async () => {
    cluster = await EtcdCluster.start({ extraArgs: ['--experimental-watch-progress-notify-interval', '200ms'] });
    etcd = cluster.client();
    await etcd.put(`${prefix}limit`).value('5');
  }, 30_000);
  afterEach(async () => {
    await probe?.close();
    await proxy?.close();
    probe = proxy = undefined;
  }, 30_000);
  afterAll(() => cluster?.stop(), 30_000);

  /** A source through a cuttable proxy, loaded and watching; the writes elsewhere that follow move etcd's revision on. */
  async function watchQuietPrefix(options: Partial<EtcdConfigSourceOptions> = {}): Promise<{ source: EtcdConfigSource; now: number }> {
    proxy = await TcpCutProxy.start(cluster.endpoints[0]);
    const source = new EtcdConfigSource({ hosts: proxy.endpoint, prefix, reconcileIntervalMs: 0, retry: RETRY, ...options });
    probe = await AppliedStateProbe.start(source, RETRY);
    for (let i = 0; i < 5; i++) await etcd.put('/progress/elsewhere/counter').value(String(i));
    return { source, now: await cluster.revision(etcd) };
  }

  it('moves its cursor to the revision a progress notification names, with nothing applied', async () => {
    const { source, now } = await watchQuietPrefix();
    const loadedAt = source.revision;
    expect(loadedAt).toBeLessThan(now);

    await waitFor(() => source.revision >= now, 'the cursor to follow the progress notifications', 10_000, 20);
    expect(probe!.appliedRevisions).toEqual([]);
    expect(probe!.tree).toEqual({ limit: '5' });
  }, 30_000);

  it('resumes from that cursor after a compaction and a cut: the watch is not cancelled, the prefix not re-read', async () => {
    const { source, now } = await watchQuietPrefix();
    await waitFor(() => source.revision >= now, 'the cursor to follow the progress notifications', 10_000, 20);
    const messages: string[] = [];
    const recorder = probe!.store.status$.subscribe(({ sources: [status] }) => {
      const message = status?.lastError?.message;
      if (message && messages[messages.length - 1] !== message) messages.push(message);
    });
    try {
      await cluster.compact(now);
      proxy!.cut();
      await waitFor(() => probe?.status.state === 'reconnecting', 'the cut to be noticed', 10_000);
      proxy!.restore();
      await waitFor(() => probe?.status.state === 'connected', 'the watch to resume', 10_000, 20);
      const written = await etcd.put(`${prefix}limit`).value('6');
      await probe!.convergedOn(etcd, prefix);

      expect(probe!.appliedRevisions).toEqual([Number(written.header.revision)]);
      expect(messages.filter((message) => /cancelled the watch/.test(message))).toEqual([]);
      expect(probe!.states).toEqual(['connected', 'reconnecting', 'connected']);
    } finally {
      recorder.unsubscribe();
    }
  }, 30_000);

  it("keeps a reporting instance's canary watch, reopened at cursor + 1 after a compaction and a cut, from being cancelled again and again", async () => {
    const { source, now } = await watchQuietPrefix({ report: { instanceId: 'quiet-1' } });
    await waitFor(() => source.revision >= now, 'the cursor to follow the progress notifications', 10_000, 20);
    await cluster.compact(now);
    proxy!.cut();
    await waitFor(() => probe?.status.state === 'reconnecting', 'the cut to be noticed', 10_000);
    const [member] = cluster.members;
    const streamsBefore = await member.metric(WATCH_STREAMS);
    proxy!.restore();
    await waitFor(() => probe?.status.state === 'connected', 'the watch to resume', 10_000, 20);

    const key = canaryReleaseKey(controlPrefixFor(prefix));
    await etcd.put(key).value(JSON.stringify(release));
    await waitFor(() => (probe!.tree as { limit: string }).limit === '7', 'the canary to be served', 10_000, 20);
    await etcd.delete().key(key);
    const own = await etcd.get(`${prefix}limit`).string();
    await waitFor(() => (probe!.tree as { limit: string }).limit === own, 'the canary to be aborted', 10_000, 20);
    // One stream for the prefix's watch and one for the canary record's, each opened once.
    expect((await member.metric(WATCH_STREAMS)) - streamsBefore).toBe(2);
  }, 30_000);
});

const release: CanaryRelease = {
  format: 1,
  releaseId: 'canary-quiet',
  selector: { percent: 100 },
  keys: { limit: '7' },
  message: 'try 7',
  author: 'ci-bot',
  baseVersion: 0,
  startedAt: new Date(0).toISOString(),
};
