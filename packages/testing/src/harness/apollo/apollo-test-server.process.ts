import type { ApolloReleaseInput } from './apollo-release-store';
import { ApolloTestServer } from './apollo-test-server';

/** A command from the parent process; every one is answered with `{ id, result }` or `{ id, error }`. */
export type ApolloServerCommand =
  | { readonly id: number; readonly op: 'release'; readonly appId: string; readonly inputs: readonly ApolloReleaseInput[] }
  | { readonly id: number; readonly op: 'heldPolls' | 'close' };

/**
 * Runs an Apollo test server in a child process of its own, controlled over IPC (`fork()`), so a
 * benchmark measures its client without the server's work on the same event loop. On start it
 * sends `{ ready: { url } }`; a `release` answers with the releases it made. Fork the built
 * `dist/harness/apollo/apollo-test-server.process.js`, or this file with `-r ts-node/register/transpile-only`.
 */
async function main(): Promise<void> {
  const server = await ApolloTestServer.start();
  const send = (message: unknown) => process.send?.(message);
  process.on('message', (command: ApolloServerCommand) => {
    run(server, command).then(
      (result) => send({ id: command.id, result }),
      (error: Error) => send({ id: command.id, error: error.message }),
    );
  });
  process.on('disconnect', () => void server.close().then(() => process.exit(0)));
  send({ ready: { url: server.url } });
}

async function run(server: ApolloTestServer, command: ApolloServerCommand): Promise<unknown> {
  switch (command.op) {
    case 'release':
      return server.release(command.appId, command.inputs);
    case 'heldPolls':
      return server.heldPolls;
    case 'close':
      await server.close();
      setImmediate(() => process.exit(0));
      return undefined;
  }
}

void main();
