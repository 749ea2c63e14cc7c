import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsulTestServer } from '@config-center/testing/harness';
import { ConsulBackend } from '../src/backend/consul-backend';
import { CONSUL_MAX_TXN_OPS } from '../src/backend/consul-publish-txn';
import { planPublish } from '../src/backend/publish-plan';
import { historyRecord } from '../src/history/history-record';
import { runCli, SECTIONS } from './support/run-cli';
import { BACKEND_HOOK_TIMEOUT_MS } from './support/test-backends';

/**
 * What only Consul has, on the harness's Consul test server (its ACLs and request log): the ACL token
 * (sent as `X-Consul-Token`, never printed; missing, unknown or read-only is a clear exit 3), the
 * `check-index` of unchanged keys and its limit, folders (keys ending in `/`), and the transaction's
 * compares seen from inside.
 */
describe('config-center on Consul: ACL tokens, check-index and its limit', () => {
  const prefix = 'cli-consul/orders/';
  const control = 'config-center/control/cli-consul/orders/';
  const tokens = { ops: 'ops-token-never-printed-5513', reader: 'reader-token-never-printed-8821' };
  let server: ConsulTestServer;
  let dir: string;
  const put = (key: string, value: string) =>
    fetch(`${server.adminUrl}/v1/kv/${key}`, { method: 'PUT', body: value, headers: { 'X-Consul-Token': tokens.ops } });
  const get = async (key: string) => server.state.get(key).entry?.Value;
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(['--sections', SECTIONS, '--consul', server.url, '--prefix', `/${prefix}`, '--author', 'ci-bot', ...args], { cwd: dir, env });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-consul-'));
    server = await ConsulTestServer.start({
      acl: {
        tokens: {
          [tokens.ops]: { read: ['cli-consul/', 'config-center/'], write: ['cli-consul/', 'config-center/'] },
          [tokens.reader]: { read: ['cli-consul/', 'config-center/'] },
        },
      },
    });
    await put(`${prefix}rateLimit/limit`, '5');
    writeFileSync(join(dir, 'v1.yaml'), 'rateLimit:\n  limit: 7\n');
  }, BACKEND_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }, BACKEND_HOOK_TIMEOUT_MS);

  it('needs exactly one backend: both or neither is a usage error', async () => {
    const both = await runCli(['diff', 'v1.yaml', '--etcd', '127.0.0.1:2379', '--consul', server.url, '--prefix', prefix], { cwd: dir });
    expect(both).toMatchObject({ code: 2, stderr: expect.stringContaining('both etcd and Consul are configured') });
    const neither = await runCli(['diff', 'v1.yaml', '--prefix', prefix], { cwd: dir });
    expect(neither).toMatchObject({ code: 2, stderr: expect.stringContaining('give --etcd ENDPOINTS or --consul URL') });
  }, 60_000);

  it('needs a token with the right rules, sends it as X-Consul-Token only, and never prints it', async () => {
    const anonymous = await cli(['diff', 'v1.yaml']);
    expect(anonymous).toMatchObject({
      code: 3,
      stderr: expect.stringContaining('no ACL token was given (--token or CONFIG_CENTER_TOKEN)'),
    });
    expect(anonymous.stderr).toContain(`permission denied by Consul at ${server.url}, prefix '${prefix}'`);
    const unknown = await cli(['diff', 'v1.yaml'], { CONFIG_CENTER_TOKEN: 'unknown-token-4471' });
    expect(unknown).toMatchObject({ code: 3, stderr: expect.stringContaining('the ACL token was refused or lacks the permission') });
    expect(unknown.stderr).toContain('ACL not found');

    const reader = await cli(['publish', 'v1.yaml', '-m', 'as a reader', '--token', tokens.reader]);
    expect(reader).toMatchObject({ code: 3, stderr: expect.stringContaining(`the ACL token may not write '${prefix}rateLimit/limit'`) });
    expect(await get(control + 'version')).toBeUndefined();

    server.resetLog();
    const ops = await cli(['publish', 'v1.yaml', '-m', 'as ops'], { CONFIG_CENTER_TOKEN: tokens.ops });
    expect(ops).toMatchObject({ code: 0, stdout: expect.stringContaining('published version 1') });
    expect(server.requests.length).toBeGreaterThan(2);
    for (const request of server.requests)
      expect({ path: request.path, hasToken: request.hasToken, query: request.params.get('token') }).toEqual({
        path: request.path,
        hasToken: true,
        query: null,
      });
    for (const run of [anonymous, unknown, reader, ops]) expect(run.stdout + run.stderr).not.toMatch(/never-printed|unknown-token-4471/);
  }, 60_000);

  it('compares unchanged keys with check-index as far as 128 operations allow, and warns how many were not', async () => {
    const bulk = Array.from({ length: 130 }, (_, i) => `k${String(i).padStart(3, '0')}`);
    for (const key of bulk) await put(`${prefix}bulk/${key}`, key);
    writeFileSync(join(dir, 'one.yaml'), 'bulk:\n  k000: changed\n');
    const run = await cli(['publish', 'one.yaml', '-m', 'one key', '--json', '--token', tokens.ops]);
    expect(run.code).toBe(0);
    // 1 written key + counter + record leave room for 125 of the 130 unchanged keys (129 bulk keys and rateLimit/limit).
    const unchanged = 130;
    const compared = CONSUL_MAX_TXN_OPS - 3;
    const warning = `${unchanged - compared} of ${unchanged} unchanged keys on Consul at ${server.url}, prefix '${prefix}' were not compared`;
    expect(run.stderr).toContain(`config-center: warning: ${warning}`);
    expect(JSON.parse(run.stdout).warnings).toEqual([expect.stringContaining(warning)]);
    expect(Buffer.from((await get(`${prefix}bulk/k000`))!, 'base64').toString()).toBe('changed');
  }, 60_000);

  it('treats folders (keys ending in /, as the Consul UI makes them) as no config: export, get, import and history leave them be', async () => {
    const folders = 'cli-consul/folders/';
    const copy = 'cli-consul/folders-copy/';
    for (const folder of [folders, `${folders}rateLimit/`, `${copy}rateLimit/`]) await put(folder, '');
    await put(`${folders}rateLimit/limit`, '3');
    const on = (prefix: string, args: string[]) => cli([...args, '--prefix', prefix, '--token', tokens.ops]);
    expect(await on(folders, ['export'])).toMatchObject({ code: 0, stdout: 'rateLimit:\n  limit: 3\n', stderr: '' });
    expect(await on(folders, ['get', 'rateLimit'])).toMatchObject({ code: 0, stdout: 'limit: 3\n' });
    writeFileSync(join(dir, 'folders.yaml'), (await on(folders, ['export'])).stdout);
    expect(await on(copy, ['import', 'folders.yaml', '-m', 'copy'])).toMatchObject({ code: 0 });
    expect(Buffer.from((await get(`${copy}rateLimit/limit`))!, 'base64').toString()).toBe('3');
    expect(server.state.get(`${copy}rateLimit/`).entry).toBeDefined();
    const [version] = JSON.parse((await on(copy, ['history', '--json'])).stdout);
    expect(version).toMatchObject({ version: 1, message: 'copy' });
    expect(version.changedOutside).toBeUndefined();
  }, 60_000);

  it('fails the whole transaction when a key read changed, unchanged, written or pruned alike, and writes nothing', async () => {
    const race = 'cli-consul/race/';
    const backend = new ConsulBackend({ url: server.url, token: tokens.ops }, `/${race}`, `/config-center/control/${race}`);
    for (const key of ['kept', 'written', 'pruned']) await put(`${race}${key}`, key);
    // Keeps `kept` (compared by check-index), writes `written` (cas), prunes `pruned` (delete-cas).
    const proposal = new Map([
      ['kept', 'kept'],
      ['written', 'new'],
    ]);
    for (const key of ['kept', 'written', 'pruned']) {
      const [live, counter] = [await backend.readEntries(), await backend.readCounter()];
      const plan = planPublish(live, proposal, true);
      const record = historyRecord(counter.version + 1, 'ci-bot', 'race', plan.content);
      const prepared = backend.preparePublish({ live, counter, plan, record });
      expect(prepared.warnings).toEqual([]);
      await put(`${race}${key}`, key);
      const afterOutsideWrite = server.state.snapshot().entries;
      expect(await prepared.commit()).toBe(false);
      expect(server.state.snapshot().entries).toEqual(afterOutsideWrite);
    }
    const [live, counter] = [await backend.readEntries(), await backend.readCounter()];
    const plan = planPublish(live, proposal, true);
    const record = historyRecord(counter.version + 1, 'ci-bot', 'race', plan.content);
    expect(await backend.preparePublish({ live, counter, plan, record }).commit()).toBe(true);
    expect(await backend.readKeys()).toEqual(proposal);
    backend.close();
  }, 60_000);
});
