import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EtcdCluster, TcpCutProxy, type ProxyTrap } from '@config-center/testing/harness';
import { runCli, SECTIONS } from './support/run-cli';

/**
 * A publish whose commit gets no answer in time (issue 25): the CLI reads its history record back
 * on a connection of its own and says whether it committed; when that read fails too, that it may
 * have been committed (exit 4). A real etcd behind a proxy that holds back the replies (or drops
 * the requests) of the connection that sent the commit: the trap springs on the publish's message,
 * which only the commit's history record carries.
 */
describe('config-center publish when the commit gets no answer', () => {
  let cluster: EtcdCluster;
  let dir: string;
  const proxies: TcpCutProxy[] = [];

  const publishThrough = async (prefix: string, trap: Omit<ProxyTrap, 'marker'>) => {
    const proxy = await TcpCutProxy.start(cluster.endpoints[0]);
    proxies.push(proxy);
    const message = `lost-reply-${prefix.split('/').at(-2)}`;
    proxy.trapOn({ ...trap, marker: Buffer.from(message) });
    const args = ['--sections', SECTIONS, '--etcd', proxy.endpoint, '--prefix', prefix, '--request-timeout', '2'];
    const run = await runCli([...args, 'publish', 'good.yaml', '-m', message], { cwd: dir });
    expect(proxy.sprung).toBeGreaterThanOrEqual(1); // etcd3 retries the call on a new connection: each attempt is trapped

    return run;
  };
  const recordIn = async (prefix: string) => {
    const history = await runCli(['--sections', SECTIONS, '--etcd', cluster.endpoints[0], '--prefix', prefix, 'history', '--json'], {
      cwd: dir,
    });
    expect(history.code).toBe(0);
    return (JSON.parse(history.stdout) as unknown[]).length;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-unanswered-'));
    writeFileSync(join(dir, 'good.yaml'), 'rateLimit:\n  limit: 5\n');
    cluster = await EtcdCluster.start();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('the reply lost after the commit applied: read back, it is reported as published (exit 0)', async () => {
    const run = await publishThrough('/cli-unanswered/held/', { action: 'hold-replies' });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^published version 1 to \/cli-unanswered\/held\/ /m);
    expect(await recordIn('/cli-unanswered/held/')).toBe(1);
  }, 60_000);

  it('the commit that never arrived: read back, it is reported as not committed (exit 3)', async () => {
    const run = await publishThrough('/cli-unanswered/dropped/', { action: 'drop-requests' });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/no answer from etcd within 2 s.*; version 1 was not committed \(read back\): publish again\n$/);
    expect(await recordIn('/cli-unanswered/dropped/')).toBe(0);
  }, 60_000);

  it('the read back failing too: "may have been committed: run config-center history" (exit 4)', async () => {
    const run = await publishThrough('/cli-unanswered/unknown/', { action: 'hold-replies', refuseNew: true });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(
      /^config-center: cannot write to etcd at .*; version 1 may have been committed: run `config-center history` to see\n$/,
    );
    expect(await recordIn('/cli-unanswered/unknown/')).toBe(1); // it was
  }, 60_000);
});
