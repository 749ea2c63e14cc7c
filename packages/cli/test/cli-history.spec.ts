import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Etcd3 } from 'etcd3';
import { EtcdCluster } from '@config-center/testing/harness';
import { runCli, SECTIONS } from './support/run-cli';

/** `config-center history`, `show` and `rollback`, the built bin as a process, against a real etcd. */
describe('config-center history, show and rollback', () => {
  const prefix = '/cli-history/orders/';
  let cluster: EtcdCluster;
  let client: Etcd3;
  let dir: string;
  const cli = (args: string[]) =>
    runCli(['--sections', SECTIONS, '--etcd', cluster.endpoints.join(','), '--prefix', prefix, '--author', 'ops', ...args], { cwd: dir });
  /** The raw bytes under the prefix, key → hex. */
  const rawContent = async () => {
    const { kvs } = await client.getAll().prefix(prefix).exec();
    return Object.fromEntries(kvs.map((kv) => [kv.key.toString('utf8'), kv.value.toString('hex')]));
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-history-'));
    cluster = await EtcdCluster.start();
    client = cluster.client();
    writeFileSync(
      join(dir, 'v1.yaml'),
      'rateLimit:\n  limit: 5\ngreeting:\n  message: secret-v1-3391\nnotes:\n  text: "  ünï \\"q\\"\\ttab  "\n',
    );
    writeFileSync(join(dir, 'v2.yaml'), 'rateLimit:\n  limit: 8\n  ttlMs: 2000\n');
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('keeps the history through a compaction and a defragmentation, and rolls back byte for byte', async () => {
    expect((await cli(['history'])).stdout).toContain('no version published yet');
    expect((await cli(['publish', 'v1.yaml', '-m', 'first'])).code).toBe(0);
    const v1 = await rawContent();
    expect((await cli(['publish', 'v2.yaml', '-m', 'second', '--prune'])).code).toBe(0);

    const { header } = await client.get(`${prefix}rateLimit/limit`).exec();
    await client.kv.compact({ revision: header.revision, physical: true });
    await client.maintenance.defragment();

    const history = await cli(['history', '--json']);
    expect(history.code).toBe(0);
    const revision = expect.stringMatching(/^\d+$/);
    expect(JSON.parse(history.stdout)).toEqual([
      { version: 1, author: 'ops', message: 'first', time: expect.any(String), hash: expect.stringMatching(/^sha256:/), revision },
      { version: 2, author: 'ops', message: 'second', time: expect.any(String), hash: expect.stringMatching(/^sha256:/), revision },
    ]);
    expect((await cli(['history'])).stdout).toMatch(/^1 {2}\S+ {2}ops {2}sha256:\S+ {2}first\n2 /);

    const shown = await cli(['show', '1']);
    expect(shown.stdout.split('\n').slice(1, 4)).toEqual(['greeting/message', 'notes/text', 'rateLimit/limit']);
    expect(shown.stdout).not.toContain('secret-v1-3391');
    expect((await cli(['show', '1', '--show-values'])).stdout).toContain('greeting/message = "secret-v1-3391"');
    expect(await cli(['show', '9'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no version 9 in the history of etcd at') });

    const rollback = await cli(['rollback', '1', '-m', 'back to first']);
    expect(rollback).toMatchObject({ code: 0, stdout: expect.stringContaining('published version 3') });
    expect(await rawContent()).toEqual(v1);
    const [first, , third] = JSON.parse((await cli(['history', '--json'])).stdout);
    expect(third).toMatchObject({ version: 3, message: 'back to first', hash: first.hash });
  }, 60_000);
});
