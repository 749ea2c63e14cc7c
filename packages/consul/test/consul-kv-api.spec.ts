import { BACKEND_NAME, HOOK_TIMEOUT_MS, startConsulBackend, type ConsulBackend } from './support/consul-backend';
import { ConsulKvWriter, type ConsulAnswer } from './support/consul-kv-writer';

interface Entry {
  Key: string;
  Value: string | null;
  CreateIndex: number;
  ModifyIndex: number;
}

const entries = (answer: ConsulAnswer) => JSON.parse(answer.body.toString('utf8')) as Entry[];
const indexOf = (answer: ConsulAnswer) => Number(answer.headers['x-consul-index']);

// The documented KV behaviour ConsulConfigSource relies on. Against a real agent (CONSUL_HTTP_ADDR)
// it checks the documentation's claims; against the test server it checks the server keeps them.
describe(`Consul KV HTTP API, as documented (${BACKEND_NAME})`, () => {
  let backend: ConsulBackend;
  let reader: ConsulKvWriter;
  let prefix: string;
  const list = (query = '') => reader.call('GET', `/v1/kv/${prefix}?recurse${query}`);

  beforeEach(async () => {
    backend = await startConsulBackend();
    reader = new ConsulKvWriter(backend.url, backend.token, backend.tls?.ca);
    prefix = backend.prefix;
  }, HOOK_TIMEOUT_MS);
  afterEach(() => backend.dispose(), HOOK_TIMEOUT_MS);

  it('lists a prefix with base64 values, CreateIndex/ModifyIndex, and X-Consul-Index = the highest ModifyIndex', async () => {
    await backend.writer.put(`${prefix}a`, 'one');
    await backend.writer.put(`${prefix}b/c`, '{"x":1}');
    await backend.writer.put(`${prefix}a`, 'two');
    const answer = await list();
    expect(answer.status).toBe(200);
    const [a, c] = entries(answer);
    expect([a.Key, c.Key]).toEqual([`${prefix}a`, `${prefix}b/c`]);
    expect(Buffer.from(a.Value ?? '', 'base64').toString()).toBe('two');
    expect(a.ModifyIndex).toBeGreaterThan(a.CreateIndex);
    expect(indexOf(answer)).toBe(Math.max(a.ModifyIndex, c.ModifyIndex));
  });

  it('answers 404 for a prefix with no keys, with an X-Consul-Index of at least 1', async () => {
    const answer = await list();
    expect(answer.status).toBe(404);
    expect(indexOf(answer)).toBeGreaterThanOrEqual(1);
  });

  it('holds a blocking query until a key under the prefix changes, not for a key outside it', async () => {
    await backend.writer.put(`${prefix}watched`, '1');
    const start = indexOf(await list());
    const blocked = list(`&index=${start}&wait=5s`);
    await backend.writer.put(`${prefix.slice(0, -1)}-sibling/other`, 'x');
    await backend.writer.put(`${prefix}watched`, '2');
    const answer = await blocked;
    // Woken by the sibling, it would have answered before the second write and carry the first value.
    expect(Buffer.from(entries(answer)[0].Value!, 'base64').toString()).toBe('2');
    expect(indexOf(answer)).toBeGreaterThan(start);
    expect(entries(answer)[0].ModifyIndex).toBe(indexOf(answer));
    await backend.writer.delete(`${prefix.slice(0, -1)}-sibling/`, true);
  });

  it('returns a blocking query when its wait ends, with the same index, though nothing changed', async () => {
    await backend.writer.put(`${prefix}still`, '1');
    const start = indexOf(await list());
    const began = performance.now();
    const answer = await list(`&index=${start}&wait=300ms`);
    expect(performance.now() - began).toBeGreaterThanOrEqual(295);
    expect(indexOf(answer)).toBe(start);
  });

  it('keeps the index from going backwards when the highest-index key is deleted (its tombstone counts)', async () => {
    await backend.writer.put(`${prefix}low`, '1');
    await backend.writer.put(`${prefix}high`, '2');
    const before = indexOf(await list());
    await backend.writer.delete(`${prefix}high`);
    const answer = await list();
    expect(entries(answer).map((e) => e.Key)).toEqual([`${prefix}low`]);
    expect(indexOf(answer)).toBeGreaterThan(before);
  });

  it('applies a transaction at one index, and rolls it back whole when one operation fails', async () => {
    const index = await backend.writer.setMany({ [`${prefix}t/a`]: '1', [`${prefix}t/b`]: '2' });
    const listed = entries(await list());
    expect(listed.map((e) => e.ModifyIndex)).toEqual([index, index]);
    const failing = [
      { KV: { Verb: 'set', Key: `${prefix}t/a`, Value: Buffer.from('9').toString('base64') } },
      { KV: { Verb: 'cas', Key: `${prefix}t/b`, Value: Buffer.from('9').toString('base64'), Index: 1 } },
    ];
    const answer = await backend.writer.call('PUT', '/v1/txn', JSON.stringify(failing));
    expect(answer.status).toBe(409);
    expect(JSON.parse(answer.body.toString()).Errors[0].OpIndex).toBe(1);
    expect(entries(await list()).map((e) => e.ModifyIndex)).toEqual([index, index]);
  });

  it('reads one key with its ModifyIndex as the index, or its raw bytes with ?raw', async () => {
    await backend.writer.put(`${prefix}one`, 'raw value');
    const answer = await reader.call('GET', `/v1/kv/${prefix}one`);
    expect(indexOf(answer)).toBe(entries(answer)[0].ModifyIndex);
    expect((await reader.call('GET', `/v1/kv/${prefix}one?raw`)).body.toString()).toBe('raw value');
    expect((await reader.call('GET', `/v1/kv/${prefix}missing`)).status).toBe(404);
  });
});
