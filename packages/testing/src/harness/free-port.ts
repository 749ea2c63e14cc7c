import { createServer } from 'node:net';

const handedOut = new Set<number>();

/**
 * A TCP port on 127.0.0.1 that nothing listens on right now: the kernel picks it, and this process
 * never hands the same port out twice, so the members of one cluster never collide.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.unref();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (port && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}
