import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigSourceError } from '@config-center/core';
import { ConsulConfigSource } from '@config-center/consul';
import { ConsulTestServer, createTestCertificates, waitFor } from '@config-center/testing/harness';
import { BACKEND_NAME, HOOK_TIMEOUT_MS, startConsulBackend, type ConsulBackend } from './support/consul-backend';
import { ConsulKvWriter } from './support/consul-kv-writer';
import { consulSourceFor, WatchRecorder } from './support/watch-recorder';

describe(`ConsulConfigSource reading a prefix (${BACKEND_NAME})`, () => {
  let backend: ConsulBackend;
  let source: ConsulConfigSource;
  let recorder: WatchRecorder | undefined;
  const key = (rest: string) => `${backend.prefix}${rest}`;

  beforeEach(async () => {
    backend = await startConsulBackend();
    source = consulSourceFor(backend);
  }, HOOK_TIMEOUT_MS);
  afterEach(async () => {
    recorder?.stop();
    recorder = undefined;
    await source.close();
    await backend.dispose();
  }, HOOK_TIMEOUT_MS);

  it('loads keys as DESIGN.md section 4 maps them, with the X-Consul-Index as revision', async () => {
    await backend.writer.put(key('rateLimit/limit'), '5');
    await backend.writer.put(key('rateLimit/'), '');
    await backend.writer.put(key('name'), 'orders');
    await backend.writer.put(key('db.yaml'), 'host: db.local\nport: 5432\n');
    const index = await backend.writer.setMany({ [key('flags.json')]: '{"beta":true}' });
    const loaded = await source.load();
    expect(loaded.tree).toEqual({
      rateLimit: { limit: '5' },
      name: 'orders',
      db: { host: 'db.local', port: '5432' },
      flags: { beta: true },
    });
    expect(loaded.revision).toBe(String(index));
  });

  it('loads a prefix with no keys (404) as an empty tree, then delivers its first key', async () => {
    expect((await source.load()).tree).toEqual({});
    recorder = new WatchRecorder(source);
    await backend.writer.put(key('first'), '1');
    expect(await recorder.nextBatch(1)).toMatchObject({ kind: 'replace', tree: { first: '1' } });
    expect(recorder.error).toBeUndefined();
  });

  it('leaves a malformed document out of the load and reports it; in the watch, holds back the index that broke it and keeps its last good value until it is fixed', async () => {
    await backend.writer.put(key('db.json'), '{"password": "hunter2",');
    await backend.writer.put(key('other'), '1');
    const loaded = await source.load();
    expect(loaded.tree).toEqual({ other: '1' });
    expect(loaded.problems).toEqual([{ key: key('db.json'), problem: expect.stringMatching(/malformed JSON/) }]);
    expect(JSON.stringify(loaded.problems)).not.toContain('hunter2');
    await backend.writer.put(key('db.json'), '{"good": true}');
    recorder = new WatchRecorder(source);
    expect(await recorder.nextBatch(1)).toMatchObject({ tree: { db: { good: true }, other: '1' } });
    await backend.writer.setMany({ [key('db.json')]: '{"broken": ', [key('other')]: '2' });
    await waitFor(() => recorder!.events.some((e) => e.kind === 'error'), 'the parse error');
    await backend.writer.put(key('next'), '1');
    expect(await recorder.nextBatch(2)).toMatchObject({ tree: { db: { good: true }, other: '2', next: '1' } });
    const errors = recorder.events.filter((e) => e.kind === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ error: { message: expect.stringContaining(key('db.json')) } });
    expect(errors[0]).toMatchObject({ error: { message: expect.stringMatching(/index \d+ not applied/) } });
    expect(recorder.events.indexOf(errors[0])).toBeLessThan(recorder.events.findIndex((e) => e.kind === 'replace' && 'next' in e.tree));
    await backend.writer.put(key('db.json'), '{"fixed": true}');
    expect(await recorder.nextBatch(3)).toMatchObject({ tree: { db: { fixed: true }, other: '2', next: '1' } });
  });
});

describe('ConsulConfigSource requests (Consul test server)', () => {
  let server: ConsulTestServer;
  let source: ConsulConfigSource | undefined;
  const tokens = { root: 'management' as const, 'secret-reader-token': { read: ['app/'] }, 'secret-other-token': { read: ['other/'] } };

  beforeEach(async () => {
    server = await ConsulTestServer.start({ acl: { tokens } });
    await new ConsulKvWriter(server.adminUrl, 'root').put('app/a', '1');
  }, HOOK_TIMEOUT_MS);
  afterEach(async () => {
    await source?.close();
    source = undefined;
    await server.close();
  }, HOOK_TIMEOUT_MS);

  it('sends ?recurse&index=N&wait=…, the datacenter and consistency mode, and the token only in a header', async () => {
    source = new ConsulConfigSource({
      url: server.url,
      prefix: 'app',
      token: 'secret-reader-token',
      datacenter: 'dc1',
      consistency: 'stale',
      wait: '90s',
    });
    const loaded = await source.load();
    const recorder = new WatchRecorder(source);
    await waitFor(() => server.pendingQueries === 1, 'the blocking query');
    recorder.stop();
    const [load, watch] = server.requests;
    expect([load.path, [...load.params.keys()]]).toEqual(['kv/app/', ['recurse', 'dc', 'stale']]);
    expect([...watch.params.entries()]).toEqual([
      ['recurse', ''],
      ['dc', 'dc1'],
      ['stale', ''],
      ['index', loaded.revision],
      ['wait', '90000ms'],
    ]);
    expect(server.requests.every((r) => r.hasToken && !r.params.has('token'))).toBe(true);
  });

  it('fails on 403 with a clear, non-recoverable error naming the prefix and address, never the token', async () => {
    source = new ConsulConfigSource({ url: server.url, prefix: 'app/', token: 'secret-other-token', name: 'orders-consul' });
    const failure = (await source.load().catch((error: unknown) => error)) as ConfigSourceError;
    expect(failure).toBeInstanceOf(ConfigSourceError);
    expect(failure.recoverable).toBe(false);
    expect(failure.message).toMatch(
      /^Config source 'orders-consul': access to prefix 'app\/' at http:\/\/127\.0\.0\.1:\d+ was denied \(HTTP 403/,
    );
    expect(failure.message).not.toContain('secret-other-token');
    const recorder = new WatchRecorder(source);
    await waitFor(() => recorder.error, 'the watch to error');
    expect((recorder.error as ConfigSourceError).recoverable).toBe(false);
    expect(recorder.states).toEqual([]);
  });

  it('reads over HTTPS with the given CA, and refuses a server that CA did not sign', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-center-consul-tls-'));
    const { pem } = createTestCertificates(dir);
    const secure = await ConsulTestServer.start({ tls: { cert: pem.serverCert, key: pem.serverKey } });
    try {
      await new ConsulKvWriter(secure.adminUrl).put('app/secure', 'yes');
      source = new ConsulConfigSource({ url: secure.url, prefix: 'app/', tls: { ca: pem.ca } });
      expect((await source.load()).tree).toEqual({ secure: 'yes' });
      const stranger = new ConsulConfigSource({ url: secure.url, prefix: 'app/', tls: { ca: pem.otherCa } });
      const failure = (await stranger.load().catch((error: unknown) => error)) as ConfigSourceError;
      await stranger.close();
      expect(failure.message).toMatch(/cannot read prefix 'app\/' from https:\/\/127\.0\.0\.1:\d+: .*certificate/i);
    } finally {
      await source?.close();
      source = undefined;
      await secure.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
