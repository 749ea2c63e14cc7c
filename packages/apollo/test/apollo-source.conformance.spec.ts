import { ApolloConfigSource } from '@config-center/apollo';
import { describeConfigSourceConformance, type ConfigSourceHarness } from '@config-center/testing';
import { BACKEND_NAME, startApolloBackend } from './support/apollo-backend';

/**
 * The conformance kit over an Apollo properties namespace: the namespace's key set is kept here,
 * and each write, removal or batch is ONE release of the whole set (a dotted path is the key, as
 * Apollo spells it); a disconnect stops the test server while releases still reach its store. The
 * key-mapping checks are not run: Apollo's keys are dotted and a document is a whole namespace,
 * not a key of one (the mapping rules have their own suite, apollo-source-load.spec.ts).
 */
async function apolloHarness(): Promise<ConfigSourceHarness> {
  const backend = await startApolloBackend({ holdMs: 60_000 });
  const keys: Record<string, string> = {};
  const release = () => backend.release('application', { ...keys });
  const server = backend.server;
  return {
    createSource: async () =>
      new ApolloConfigSource({
        configServerUrl: backend.url,
        appId: backend.appId,
        name: 'apollo',
        retry: { initialDelayMs: 50, maxDelayMs: 500 },
      }),
    write: (path, value) => {
      keys[path] = value;
      return release();
    },
    remove: (path) => {
      delete keys[path];
      return release();
    },
    writeBatch: (entries) => {
      Object.assign(keys, entries);
      return release();
    },
    disconnect: server && (() => server.stop()),
    reconnect: server && (() => server.start()),
    dispose: () => backend.dispose(),
  };
}

describeConfigSourceConformance(`ApolloConfigSource (${BACKEND_NAME})`, apolloHarness, { resume: !process.env.APOLLO_CONFIG_URL });
