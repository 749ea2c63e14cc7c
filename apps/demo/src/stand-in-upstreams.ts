import { createServer, type Server } from 'node:http';

/** A running stand-in upstream. */
export interface StandInUpstream {
  readonly name: string;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A tiny upstream service for the demo's HTTP client pool to call: it answers every request with
 * `{ "upstream": name, "path": … }`. `npm start` runs two, `a` on :3001 and `b` on :3002, so the
 * pool can be moved between them by editing `upstream.url`.
 */
export async function startStandInUpstream(name: string, port = 0): Promise<StandInUpstream> {
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json').end(JSON.stringify({ upstream: name, path: req.url }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
  return {
    name,
    url,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
