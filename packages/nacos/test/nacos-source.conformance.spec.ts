import { stringify } from 'dot-properties';
import { NacosConfigSource } from '@config-center/nacos';
import { describeConfigSourceConformance, type ConfigSourceHarness } from '@config-center/testing';
import { NacosTestServer } from '@config-center/testing/harness';

const DATA_ID = 'app.properties';

/**
 * The conformance kit over the Nacos test server: the config is one `.properties` dataId whose
 * dotted keys are the kit's paths; a write, a removal and a batch are each one publish of the whole
 * dataId (one push); a disconnect stops the server (its store stays and takes the writes) and a
 * reconnect listens again on the same port, so the source must re-listen with its md5s to catch up.
 */
async function nacosHarness(): Promise<ConfigSourceHarness> {
  const server = await NacosTestServer.start();
  const entries = new Map<string, string>();
  const publish = async () => server.publish(DATA_ID, stringify(Object.fromEntries(entries)));
  return {
    createSource: async () =>
      new NacosConfigSource({
        name: 'nacos',
        servers: [server.address],
        dataIds: [DATA_ID],
        retry: { initialDelayMs: 50, maxDelayMs: 500 },
      }),
    write: async (path, value) => {
      entries.set(path, value);
      await publish();
    },
    remove: async (path) => {
      entries.delete(path);
      await publish();
    },
    writeBatch: async (batch) => {
      for (const [path, value] of Object.entries(batch)) entries.set(path, value);
      await publish();
    },
    disconnect: () => server.stop(),
    reconnect: () => server.resume(),
    dispose: () => server.stop(),
  };
}

describeConfigSourceConformance('NacosConfigSource (test server)', nacosHarness, { resume: true, timeoutMs: 5000 });
