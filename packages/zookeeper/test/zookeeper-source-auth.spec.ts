import { ConfigSourceError } from '@config-center/core';
import { ZooKeeperServer } from '@config-center/testing/harness';
import { ZooKeeperConfigSource } from '@config-center/zookeeper';
import { HOOK_TIMEOUT_MS, ZooKeeperWriter } from './support/zookeeper-writer';

const DIGEST = 'orders:s3cret-pass';

/** Digest ACLs on the real server: the source's `auth` reads what they allow; what they refuse is left out and reported. */
describe('ZooKeeperConfigSource with digest ACLs (real ZooKeeper)', () => {
  let server: ZooKeeperServer;
  let writer: ZooKeeperWriter;
  const sources: ZooKeeperConfigSource[] = [];
  const open = (root: string, auth?: string) => {
    const source = new ZooKeeperConfigSource({
      connect: server.connectString,
      root,
      ...(auth && { auth: { scheme: 'digest', credentials: auth } }),
    });
    sources.push(source);
    return source;
  };

  beforeAll(async () => {
    server = await ZooKeeperServer.start();
    writer = await ZooKeeperWriter.connect(server.connectString, DIGEST);
    await writer.set('/acl/app/open/value', '1');
    await writer.ensure('/acl/app/locked');
    await writer.createLocked('/acl/app/locked/value', '2', DIGEST);
    await writer.ensure('/acl');
    await writer.createLocked('/acl/closed', '', DIGEST);
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all(sources.map((source) => source.close()));
    writer?.close();
    await server?.close();
  }, HOOK_TIMEOUT_MS);

  it('reads the nodes the ACL allows its digest credentials', async () => {
    const loaded = await open('/acl/app', DIGEST).load();
    expect(loaded.tree).toEqual({ open: { value: '1' }, locked: { value: '2' } });
    expect(loaded.problems).toEqual([]);
  });

  it('leaves out and reports a node whose ACL refuses it, never naming a credential', async () => {
    const loaded = await open('/acl/app', 'someone:else').load();
    expect(loaded.tree).toEqual({ open: { value: '1' } });
    expect(loaded.problems).toEqual([{ key: '/acl/app/locked/value', problem: expect.stringMatching(/NO_AUTH/) }]);
    expect(JSON.stringify(loaded.problems)).not.toMatch(/s3cret|someone:else/);
  });

  it('fails a load whose root the ACL refuses, as not recoverable', async () => {
    const failure = await open('/acl/closed')
      .load()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigSourceError);
    expect(failure).toMatchObject({
      recoverable: false,
      message: expect.stringMatching(/refuses to read the root \/acl\/closed \(NO_AUTH\)/),
    });
  });
});
