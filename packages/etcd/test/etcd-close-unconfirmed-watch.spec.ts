import { EtcdCluster, TcpCutProxy, waitFor } from '@config-center/testing/harness';
import { ReportingProcess } from './support/reporting-process';

/**
 * Everything stops cleanly, even in the one corner etcd3 makes hard: etcd stops answering after a
 * watch attempt's first read and before it confirms the watch, and the app is then closed. etcd3
 * keeps that un-confirmed watcher and, on a client of its own, would retry it forever: the process
 * would never exit. The app runs as a process (the built packages) that closes on SIGTERM and does
 * not call `process.exit`. A client given with `client:` cannot be gated by the source: built with
 * `createGatedEtcdClient` and closed after the app, as the README says, it exits all the same.
 */
describe('EtcdConfigSource closed while etcd has not confirmed its watch', () => {
  const prefix = '/close/unconfirmed/';
  // The value of the key the prefix itself names: every attempt reads that one key first, so the
  // proxy can let that answer through and then freeze.
  const marker = 'freeze-after-this-read';
  let cluster: EtcdCluster | undefined;
  let proxy: TcpCutProxy | undefined;
  let app: ReportingProcess | undefined;

  afterEach(async () => {
    if (app?.exitCode === undefined) app?.child.kill('SIGKILL');
    await proxy?.close();
    await cluster?.stop();
    app = proxy = cluster = undefined;
  }, 30_000);

  it.each([
    ['with a client of its own', {}],
    ['with a shared client built by createGatedEtcdClient and closed after the app', { SHARED_CLIENT: 'gated' }],
  ])(
    'exits by itself %s',
    async (_, env: Record<string, string>) => {
      cluster = await EtcdCluster.start();
      const etcd = cluster.client();
      await etcd.put(prefix).value(marker);
      await etcd.put(`${prefix}limits/max`).value('5');
      proxy = await TcpCutProxy.start(cluster.endpoints[0]);
      app = new ReportingProcess({ ETCD_HOSTS: proxy.endpoint, PREFIX: prefix, ...env }, 'closing-app.js');
      await app.ready();
      // The watch is live (its attempt confirmed), so dropping the connection makes it start another.
      await etcd.put(`${prefix}limits/max`).value('6');
      await waitFor(() => app!.output.includes('limit=6'), 'the app to apply the change', 10_000);

      // Armed after the load (whose answer holds the marker too): the next attempt's read passes,
      // and etcd never confirms its watch.
      proxy.freezeAfter(marker);
      proxy.retarget(cluster.endpoints[0]);
      await waitFor(() => proxy!.isFrozen, 'the read to pass', 10_000);
      // The attempt's dial timeout says its watch was asked for and not confirmed (SIGUSR2: the status now).
      await waitFor(
        () => app!.child.kill('SIGUSR2') && /did not confirm the watch/.test(app!.output),
        'the watch to go unconfirmed',
        10_000,
      );

      app.child.kill('SIGTERM');
      await waitFor(() => app!.output.includes('closed'), 'the app to close', 10_000);
      // etcd unreachable for good: the connections the closed client still holds are cut.
      await proxy.close();
      await app.exited();
      expect(app.exitCode).toBe(0);
    },
    20_000,
  );
});
