import { ConsulTestServer, type ConsulOutageMode } from './consul-test-server';

/** A command from the parent process; every one is answered with `{ id, result }` or `{ id, error }`. */
export type ConsulServerCommand =
  | { readonly id: number; readonly op: 'outage'; readonly mode: ConsulOutageMode }
  | { readonly id: number; readonly op: 'restore' | 'pending' | 'stats' | 'resetLog' | 'close' }
  | { readonly id: number; readonly op: 'list'; readonly prefix: string };

/**
 * Runs a Consul test server in a child process of its own, controlled over IPC (`fork()`), so a
 * benchmark measures its client without the server's work on the same event loop. On start it
 * sends `{ ready: { url, adminUrl } }`. Fork the built
 * `dist/harness/consul/consul-test-server.process.js`, or this file with `-r ts-node/register/transpile-only`.
 */
async function main(): Promise<void> {
  const server = await ConsulTestServer.start();
  const send = (message: unknown) => process.send?.(message);
  process.on('message', (command: ConsulServerCommand) => {
    run(server, command).then(
      (result) => send({ id: command.id, result }),
      (error: Error) => send({ id: command.id, error: error.message }),
    );
  });
  process.on('disconnect', () => void server.close().then(() => process.exit(0)));
  send({ ready: { url: server.url, adminUrl: server.adminUrl } });
}

async function run(server: ConsulTestServer, command: ConsulServerCommand): Promise<unknown> {
  switch (command.op) {
    case 'outage':
      return server.outage(command.mode);
    case 'restore':
      return server.restore();
    case 'pending':
      return server.pendingQueries;
    case 'resetLog':
      return server.resetLog();
    case 'list':
      return server.state.list(command.prefix).entries;
    case 'stats':
      return {
        maxInFlight: server.maxInFlight,
        outages: server.outages,
        requests: server.requests.map(({ at, method, duringOutage }) => ({ at, method, duringOutage })),
      };
    case 'close':
      await server.close();
      setImmediate(() => process.exit(0));
      return undefined;
  }
}

void main();
