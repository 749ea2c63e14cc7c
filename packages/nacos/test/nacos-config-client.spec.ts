import { NacosConfigClient } from '@config-center/nacos';
import { contentMd5 } from '@config-center/nacos/protocol';
import { NacosTestServer } from '@config-center/testing/harness';

const HOOK_MS = 20_000;

describe('NacosConfigClient against the Nacos test server', () => {
  let server: NacosTestServer;
  let client: NacosConfigClient;

  beforeEach(async () => {
    server = await NacosTestServer.start({ auth: { users: { ops: 'pw' } } });
    client = new NacosConfigClient({ server: server.address, namespace: 'prod', username: 'ops', password: 'pw' });
  }, HOOK_MS);
  afterEach(async () => {
    await client.close();
    await server.stop();
  }, HOOK_MS);

  it('publishes, reads with the md5 and removes, in its namespace', async () => {
    expect(await client.get('a.yaml')).toBeUndefined();
    expect(await client.publish('a.yaml', 'a: 1\n', { group: 'G' })).toBe(true);
    expect(await client.get('a.yaml', 'G')).toEqual({ content: 'a: 1\n', md5: contentMd5('a: 1\n') });
    expect(server.store.get({ dataId: 'a.yaml', group: 'G', tenant: 'prod' })?.content).toBe('a: 1\n');
    expect(server.store.get({ dataId: 'a.yaml', group: 'G', tenant: '' })).toBeUndefined();
    await client.remove('a.yaml', 'G');
    expect(await client.get('a.yaml', 'G')).toBeUndefined();
  });

  it('with casMd5, a concurrent publish loses cleanly', async () => {
    await client.publish('a.yaml', 'v: 1\n');
    const seen = (await client.get('a.yaml'))!.md5;
    expect(await client.publish('a.yaml', 'v: 2\n', { casMd5: seen })).toBe(true);
    expect(await client.publish('a.yaml', 'v: 3\n', { casMd5: seen })).toBe(false);
    expect((await client.get('a.yaml'))!.content).toBe('v: 2\n');
  });

  it('connects again after the server dropped its connection', async () => {
    await client.publish('a.yaml', 'v: 1\n');
    server.dropConnections();
    // The first request may still go out on the dropped transport (and fail); the next connects anew.
    const read = await client.get('a.yaml').catch(() => client.get('a.yaml'));
    expect(read!.content).toBe('v: 1\n');
    expect(server.transportsSeen).toBe(2);
  });
});
