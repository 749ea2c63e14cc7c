import { describeConfigSourceConformance, type ConfigSourceHarness } from '@config-center/testing';
import { BACKEND_NAME, startConsulBackend } from './support/consul-backend';
import { consulSourceFor } from './support/watch-recorder';

/** A dotted config path as a key under the prefix: `update.value` → `<prefix>update/value`. */
const keyOf = (prefix: string, path: string) => `${prefix}${path.split('.').join('/')}`;

/**
 * The conformance kit over a Consul backend: a write is one `PUT /v1/kv/<key>` of the value's
 * text, a removal one `DELETE`, a batch (of paths or of raw keys) one `/v1/txn`;
 * a disconnect takes the source's address down (an outage of the test server, or a cut proxy in
 * front of a real agent) while the writes still reach the store.
 */
async function consulHarness(): Promise<ConfigSourceHarness> {
  const backend = await startConsulBackend();
  return {
    createSource: async () => consulSourceFor(backend, { name: 'consul', retry: { initialDelayMs: 100, maxDelayMs: 1000 } }),
    write: (path, value) => backend.writer.put(keyOf(backend.prefix, path), value),
    writeKey: (key, text) => backend.writer.put(`${backend.prefix}${key}`, text),
    writeKeys: async (entries) => {
      await backend.writer.txn(
        Object.entries(entries).map(([key, text]) => ({ Verb: 'set', Key: `${backend.prefix}${key}`, Value: text })),
      );
    },
    remove: (path) => backend.writer.delete(keyOf(backend.prefix, path)),
    writeBatch: async (entries) => {
      await backend.writer.txn(
        Object.entries(entries).map(([path, value]) => ({ Verb: 'set', Key: keyOf(backend.prefix, path), Value: value })),
      );
    },
    disconnect: () => backend.cut(),
    reconnect: () => backend.restore(),
    dispose: () => backend.dispose(),
  };
}

describeConfigSourceConformance(`ConsulConfigSource (${BACKEND_NAME})`, consulHarness, { resume: true, keyMapping: true, timeoutMs: 5000 });
