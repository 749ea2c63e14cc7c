import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decryptValue, parseEnvelope, readKeyDir, StaticKeyring } from '@config-center/core/secrets';
import { controlPrefixFor, instanceReportKey } from '@config-center/etcd/control';
import { EtcdCluster } from '@config-center/testing/harness';
import type { Etcd3, Lease } from 'etcd3';
import { realisticReport } from './support/recorded-fleet';
import { runCli, SECTIONS } from './support/run-cli';

const MARK = 'pl41n';

/** `secrets rotate --to k2`, the built bin as a process, against a real etcd with instance records. */
describe('config-center secrets rotate', () => {
  const prefix = '/cli-rotate/orders/';
  let cluster: EtcdCluster | undefined;
  let etcd: Etcd3;
  let lease: Lease;
  let dir: string;
  const keys = () => join(dir, 'keys');
  const cli = (args: string[], keyDir = keys()) =>
    runCli(['--sections', SECTIONS, '--etcd', cluster!.endpoints.join(','), '--prefix', prefix, '--author', 'ops', ...args], {
      cwd: dir,
      env: { CONFIG_CENTER_KEY_DIR: keyDir },
    });
  /** The records of instances 0..n-1, each listing the key ids given (undefined: a record without `keyIds`). */
  const report = async (...keyIds: (string[] | undefined)[]) => {
    await etcd.delete().prefix(`${controlPrefixFor(prefix)}instances/`);
    for (const [index, ids] of keyIds.entries()) {
      const record = { ...realisticReport(prefix, index, '1'), ...(ids && { keyIds: ids }) };
      await lease.put(instanceReportKey(controlPrefixFor(prefix), record.instanceId)).value(JSON.stringify(record));
    }
  };
  const live = async () => (await etcd.get(`${prefix}greeting/message`).string())!;
  const opened = async () => decryptValue(await live(), { path: 'greeting.message', keyring: new StaticKeyring(readKeyDir(keys())) });
  const versions = async () => JSON.parse((await cli(['history', '--json'])).stdout).length as number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cc-cli-rotate-'));
    cluster = await EtcdCluster.start();
    etcd = cluster.client();
    lease = etcd.lease(300);
    for (const kid of ['k1', 'k2']) await runCli(['keygen', '--kid', kid, '--key-dir', keys()], { cwd: dir });
    await runCli(['keygen', '--kid', 'k2', '--key-dir', join(dir, 'only-k2')], { cwd: dir });
  }, 60_000);
  afterAll(async () => {
    await lease?.revoke();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const publishUnderK1 = async (text: string) => {
    const sealed = await runCli(['encrypt', '--path', 'greeting.message', '--kid', 'k1', '--key-dir', keys()], { cwd: dir, input: text });
    writeFileSync(join(dir, 'v.yaml'), `rateLimit:\n  limit: 5\ngreeting:\n  message: ${sealed.stdout.trim()}\n`);
    expect((await cli(['publish', 'v.yaml', '-m', `under k1: ${text.length}`])).code).toBe(0);
  };

  it('refuses while an instance lacks k2 or the key directory lacks k1; then re-encrypts in one version; a rollback names the retired key', async () => {
    await publishUnderK1(`one-${MARK}`);
    const before = await live();
    await report(['k1', 'k2'], ['k1']);
    const lacking = await cli(['secrets', 'rotate', '--to', 'k2', '-m', 'to k2']);
    expect(lacking.code).toBe(1);
    expect(lacking.stderr).toContain("refusing to rotate to 'k2': 1 live instance does not report holding it (orders-00001)");
    await report(['k1', 'k2'], undefined);
    expect((await cli(['secrets', 'rotate', '--to', 'k2', '-m', 'to k2'])).stderr).toContain('(orders-00001)');
    await report(['k1', 'k2'], ['k2', 'k1']);
    const noOld = await cli(['secrets', 'rotate', '--to', 'k2', '-m', 'to k2'], join(dir, 'only-k2'));
    expect(noOld.code).toBe(2);
    expect(noOld.stderr).toContain("greeting.message needs key 'k1'");
    expect([await live(), await versions()]).toEqual([before, 1]);

    const rotated = await cli(['secrets', 'rotate', '--to', 'k2', '-m', 'to k2']);
    expect(rotated).toMatchObject({ code: 0, stdout: expect.stringContaining('published version 2') });
    expect(rotated.stdout).toContain('~ greeting/message  [secret k1] → [secret k2]');
    expect(rotated.stdout + rotated.stderr).not.toMatch(new RegExp(`${MARK}|enc:`));
    expect(parseEnvelope(await live(), 'greeting.message').kid).toBe('k2');
    expect(await opened()).toBe(`one-${MARK}`);
    expect(JSON.parse((await cli(['history', '--json'])).stdout)[1]).toMatchObject({ version: 2, message: 'to k2' });
    expect(await cli(['secrets', 'rotate', '--to', 'k2', '-m', 'again'])).toMatchObject({
      code: 0,
      stdout: "nothing to rotate: every enc: value is under 'k2'\n",
    });

    const back = await cli(['rollback', '1', '-m', 'back'], join(dir, 'only-k2'));
    expect(back.code).toBe(1);
    expect(back.stderr).toContain("version 1 needs key 'k1' (greeting.message), which the key directory");
    expect(back.stdout + back.stderr).not.toMatch(new RegExp(`${MARK}|enc:`));
    expect(await versions()).toBe(2);

    await publishUnderK1(`two-${MARK}`);
    await report(['k1']);
    expect(await cli(['secrets', 'rotate', '--to', 'k2', '-m', 'forced', '--force'])).toMatchObject({ code: 0 });
    expect(await opened()).toBe(`two-${MARK}`);
  }, 120_000);

  it('publishes once when rotations race: the others lose with a conflict or find nothing to rotate', async () => {
    await publishUnderK1(`three-${MARK}`);
    await report(['k1', 'k2']);
    const start = await versions();
    const runs = await Promise.all([0, 1, 2].map(() => cli(['secrets', 'rotate', '--to', 'k2', '-m', 'race'])));
    const published = runs.filter((run) => run.code === 0 && run.stdout.includes('published version'));
    expect(published).toHaveLength(1);
    for (const run of runs.filter((one) => !published.includes(one))) {
      if (run.code === 0) expect(run.stdout).toContain('nothing to rotate');
      else expect(run).toMatchObject({ code: 1, stderr: expect.stringMatching(/conflict|was published after version/) });
    }
    expect(await versions()).toBe(start + 1);
    expect(await opened()).toBe(`three-${MARK}`);
  }, 120_000);
});
