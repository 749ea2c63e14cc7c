import { existsSync } from 'node:fs';
import { fourLetterWord, ZooKeeperServer } from '../src/harness';

/** The real ZooKeeper server the harness starts: ready on `srvr`, paused, restarted on its port, closed without leftovers. */
describe('ZooKeeperServer', () => {
  let server: ZooKeeperServer | undefined;

  afterEach(async () => {
    server?.resume();
    await server?.close();
    server = undefined;
  }, 60_000);

  it('serves srvr once started, stays silent while paused, and serves again on the same port after a restart', async () => {
    server = await ZooKeeperServer.start();
    expect(server.running).toBe(true);
    expect(await fourLetterWord(server.port, 'srvr')).toMatch(/^Mode: standalone$/m);
    expect(await server.zxid()).toMatch(/^0x[0-9a-f]+$/);

    server.pause();
    await expect(fourLetterWord(server.port, 'srvr', 500)).rejects.toThrow(/no answer to 'srvr'/);
    expect(await server.serving()).toBe(false);
    server.resume();
    expect(await server.serving()).toBe(true);

    const port = server.port;
    await server.restart();
    expect(server.port).toBe(port);
    expect(await server.serving()).toBe(true);
  }, 120_000);

  it('stops the JVM and removes its temp dir on close', async () => {
    server = await ZooKeeperServer.start();
    const { dir } = server;
    await server.close();
    expect(server.running).toBe(false);
    expect(existsSync(dir)).toBe(false);
    await expect(fourLetterWord(server.port, 'srvr', 500)).rejects.toThrow();
  }, 120_000);
});
