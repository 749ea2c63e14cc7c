import { NacosConfigSource } from '@config-center/nacos';
import { NacosTestServer, waitFor } from '@config-center/testing/harness';
import { NacosWatchRecorder } from './support/nacos-watch-recorder';

const HOOK_MS = 20_000;
const PASSWORD = 's3cret-pa55';

describe('NacosConfigSource with Nacos auth (test server)', () => {
  let server: NacosTestServer;
  let source: NacosConfigSource | undefined;
  let recorder: NacosWatchRecorder | undefined;
  const open = (password = PASSWORD) =>
    (source = new NacosConfigSource({
      servers: [server.address],
      dataIds: ['a.yaml'],
      username: 'orders',
      password,
      relistIntervalMs: 200,
      retry: { initialDelayMs: 50, maxDelayMs: 200 },
    }));

  beforeEach(async () => {
    server = await NacosTestServer.start({ auth: { users: { orders: PASSWORD }, tokenTtlSeconds: 2 } });
    server.publish('a.yaml', 'a: 1\n');
  }, HOOK_MS);
  afterEach(async () => {
    recorder?.stop();
    recorder = undefined;
    await source?.close();
    source = undefined;
    await server.stop();
  }, HOOK_MS);

  it('refuses a request without a token as Nacos does (403), and a source that logs in reads', async () => {
    const anonymous = new NacosConfigSource({ servers: [server.address], dataIds: ['a.yaml'] });
    await expect(anonymous.load()).rejects.toThrow(/no right/);
    await anonymous.close();
    expect((await open().load()).tree).toEqual({ a: '1' });
    expect(server.auth!.logins).toBe(1);
  });

  it('renews the token before its tokenTtl runs out: updates keep arriving after the first token expired', async () => {
    await open().load();
    recorder = new NacosWatchRecorder(source!);
    await waitFor(() => server.auth!.logins >= 3, 'two renewals', 10_000);
    server.publish('a.yaml', 'a: 2\n');
    await recorder.batchWhere((tree) => tree.a === '2', 'the update');
    expect(recorder.events.filter((event) => event.kind === 'state' || event.kind === 'error')).toEqual([]);
  }, 20_000);

  it('a wrong password fails the load without the password in the message', async () => {
    const error = await open('wrong-password')
      .load()
      .catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/login as 'orders' .* failed \(HTTP 403\)/);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain('wrong-password');
  });
});
