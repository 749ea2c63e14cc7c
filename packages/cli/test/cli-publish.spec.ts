import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Etcd3 } from 'etcd3';
import { EtcdCluster } from '@config-center/testing/harness';
import { runCli, SECTIONS } from './support/run-cli';

/** `config-center publish`, the built bin as a process, against a real etcd. */
describe('config-center publish', () => {
  const prefix = '/cli-publish/orders/';
  const control = '/config-center/control/cli-publish/orders/';
  let cluster: EtcdCluster;
  let client: Etcd3;
  let dir: string;
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return name;
  };
  const cli = (args: string[]) =>
    runCli(['--sections', SECTIONS, '--etcd', cluster.endpoints.join(','), '--prefix', prefix, '--author', 'ci-bot', ...args], {
      cwd: dir,
    });
  /** Everything in etcd under both the prefix and the control prefix. */
  const everything = async () => ({
    ...(await client.getAll().prefix(prefix).strings()),
    ...(await client.getAll().prefix(control).strings()),
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-publish-'));
    cluster = await EtcdCluster.start();
    client = cluster.client();
    await client.put(`${prefix}rateLimit/limit`).value('5');
    await client.put(`${prefix}greeting/message`).value('kept');
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('refuses an invalid proposal and a --dry-run without writing anything', async () => {
    const before = await everything();
    const bad = write('bad.yaml', 'rateLimit:\n  limit: not-a-number-6581\n');
    const invalid = await cli(['publish', bad, '-m', 'bad']);
    expect(invalid).toMatchObject({ code: 1, stdout: expect.stringContaining('rateLimit.limit: must be an integer number') });
    const good = write('dry.yaml', 'rateLimit:\n  limit: 9\n');
    const dry = await cli(['publish', good, '-m', 'try', '--dry-run']);
    expect(dry).toMatchObject({ code: 0, stdout: expect.stringContaining('dry run: would publish version 1') });
    expect(await everything()).toEqual(before);
  }, 60_000);

  it('writes the changed keys and a history record, keeping other live keys unless --prune', async () => {
    const proposal = write('v1.yaml', 'rateLimit:\n  limit: 7\n  ttlMs: 1000\n');
    const run = await cli(['publish', proposal, '-m', 'raise the limit']);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining('published version 1') });
    const content = { 'greeting/message': 'kept', 'rateLimit/limit': '7', 'rateLimit/ttlMs': '1000' };
    expect(await client.getAll().prefix(prefix).strings()).toEqual(
      Object.fromEntries(Object.entries(content).map(([key, value]) => [`${prefix}${key}`, value])),
    );
    expect(await client.get(`${control}version`).string()).toBe('1');
    const record = JSON.parse((await client.get(`${control}history/0000000001`).string())!);
    expect(record).toEqual({
      version: 1,
      author: 'ci-bot',
      message: 'raise the limit',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      content,
    });

    const pruned = await cli(['publish', proposal, '-m', 'drop the greeting', '--prune', '--json']);
    expect(pruned.code).toBe(0);
    expect(JSON.parse(pruned.stdout)).toMatchObject({ version: 2, dryRun: false });
    expect(Object.keys(await client.getAll().prefix(prefix).strings()).sort()).toEqual([
      `${prefix}rateLimit/limit`,
      `${prefix}rateLimit/ttlMs`,
    ]);
  }, 60_000);

  it("refuses a proposal beyond etcd's transaction limits, naming the limit and the server flag", async () => {
    const before = await everything();
    const many = Array.from({ length: 130 }, (_, i) => `  k${String(i).padStart(3, '0')}: ${i}\n`).join('');
    const ops = await cli(['publish', write('many.yaml', `bulk:\n${many}`), '-m', 'too many']);
    expect(ops).toMatchObject({ code: 1, stderr: expect.stringMatching(/limit of 128.*--max-txn-ops/) });
    const big = await cli(['publish', write('big.yaml', `bulk:\n  blob: ${'x'.repeat(900 * 1024)}\n`), '-m', 'too big']);
    expect(big).toMatchObject({ code: 1, stderr: expect.stringMatching(/1\.5 MiB.*--max-request-bytes/) });
    expect(await everything()).toEqual(before);
  }, 60_000);
});
