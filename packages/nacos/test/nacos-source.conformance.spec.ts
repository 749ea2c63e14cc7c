import { stringify } from 'dot-properties';
import { NacosConfigSource } from '@config-center/nacos';
import { describeConfigSourceConformance, type ConfigSourceHarness } from '@config-center/testing';
import { BACKEND_NAME, startNacosBackend } from './support/nacos-backend';

const DATA_ID = 'app.properties';

/**
 * The conformance kit over a Nacos backend: the config is one `.properties` dataId whose dotted
 * keys are the kit's paths; a write, a removal and a batch are each one publish of the whole
 * dataId (one push); a disconnect takes the source's address down (the test server stopped, or a
 * cut proxy in front of a real Nacos) while the publishes still reach the store, so the source
 * must re-listen with its md5s to catch up.
 */
async function nacosHarness(): Promise<ConfigSourceHarness> {
  const backend = await startNacosBackend();
  const entries = new Map<string, string>();
  const publish = () => backend.publish(DATA_ID, stringify(Object.fromEntries(entries)));
  return {
    createSource: async () =>
      new NacosConfigSource({
        ...backend.sourceOptions,
        name: 'nacos',
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
    disconnect: () => backend.cut(),
    reconnect: () => backend.restore(),
    dispose: () => backend.dispose(),
  };
}

describeConfigSourceConformance(`NacosConfigSource (${BACKEND_NAME})`, nacosHarness, { resume: true, timeoutMs: 5000 });
