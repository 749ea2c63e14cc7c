import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigSourceError } from '@config-center/core';
import { ConsulConfigSource } from '@config-center/consul';
import { ConsulTestServer } from '@config-center/testing/harness';

const PASSWORD = 'proxy-pw-never-printed-4410';
const EXPECTED = `Basic ${Buffer.from(`proxy:${PASSWORD}`).toString('base64')}`;

/** A proxy in front of the agent that asks for basic auth: 401 without it, else forwards the request. */
function basicAuthProxy(target: URL): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.headers.authorization !== EXPECTED) return void res.writeHead(401, { 'www-authenticate': 'Basic' }).end('unauthorized');
    const forwarded = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forwarded);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** `basicAuth`, the option that replaced credentials in `url`: sent to a proxy that asks for it, never in a message. */
describe('ConsulConfigSource behind a proxy with basic auth', () => {
  let consul: ConsulTestServer;
  let proxy: Server;
  let url: string;

  beforeAll(async () => {
    consul = await ConsulTestServer.start();
    proxy = await basicAuthProxy(new URL(consul.url));
    url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    await fetch(`${consul.url}/v1/kv/app/limit`, { method: 'PUT', body: '5' });
  }, 30_000);
  afterAll(async () => {
    proxy?.closeAllConnections();
    await new Promise((resolve) => proxy?.close(resolve));
    await consul?.close();
  }, 30_000);

  it('reads through the proxy with basicAuth', async () => {
    const source = new ConsulConfigSource({ url, prefix: 'app', basicAuth: { username: 'proxy', password: PASSWORD } });
    try {
      expect((await source.load()).tree).toEqual({ limit: '5' });
    } finally {
      await source.close();
    }
  });

  it('is refused by the proxy without it, and the message carries no password', async () => {
    const source = new ConsulConfigSource({
      url,
      prefix: 'app',
      basicAuth: { username: 'proxy', password: 'wrong-pw-never-printed-2291' },
      retry: { maxDelayMs: 10 },
    });
    try {
      const error = await source.load().then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(ConfigSourceError);
      expect((error as Error).message).toContain(url);
      expect((error as Error).message).not.toMatch(/never-printed/);
    } finally {
      await source.close();
    }
  });
});
