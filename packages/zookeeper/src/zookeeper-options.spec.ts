import { resolveZooKeeperOptions } from './zookeeper-options';

describe('resolveZooKeeperOptions', () => {
  it('fills in the defaults and names the source after its root', () => {
    expect(resolveZooKeeperOptions({ connect: '127.0.0.1:2181', root: '/configs/app' })).toMatchObject({
      name: 'zookeeper:/configs/app',
      sessionTimeoutMs: 10_000,
      connectTimeoutMs: 5000,
      requestTimeoutMs: 5000,
      limits: { maxDepth: 32 },
    });
  });

  it.each(['configs/app', '/configs/app/', '/configs//app', ''])('refuses the root %p', (root) => {
    expect(() => resolveZooKeeperOptions({ connect: '127.0.0.1:2181', root })).toThrow(/'root' must be an absolute znode path/);
  });

  it.each(['127.0.0.1:2181/chroot', 'user:secret@127.0.0.1:2181', ''])('refuses the connect string %p without echoing it', (connect) => {
    expect(() => resolveZooKeeperOptions({ connect, root: '/' })).toThrow(/'connect' must be host:port/);
    try {
      resolveZooKeeperOptions({ connect, root: '/' });
    } catch (error) {
      expect((error as Error).message).not.toContain('secret');
    }
  });

  it('refuses auth that is not digest user:password, without echoing the credentials', () => {
    const auth = { scheme: 'digest' as const, credentials: 'no-colon-secret' };
    expect(() => resolveZooKeeperOptions({ connect: '127.0.0.1:2181', root: '/', auth })).toThrow(/'auth' must be/);
    expect(() => resolveZooKeeperOptions({ connect: '127.0.0.1:2181', root: '/', auth })).not.toThrow(/secret/);
  });

  it('refuses a timeout that is not a positive number', () => {
    expect(() => resolveZooKeeperOptions({ connect: '127.0.0.1:2181', root: '/', requestTimeoutMs: 0 })).toThrow(
      /'requestTimeoutMs' must be a positive/,
    );
  });
});
