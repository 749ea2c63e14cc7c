import { freePort } from '@config-center/testing/harness';
import { isBrokenCircuitError, noop } from 'cockatiel';
import type { Etcd3, IOptions } from 'etcd3';
import { createGatedEtcdClient, type GatedEtcdClient } from './gated-etcd-client';

/** While open, the gate leaves the host policy's semantics alone (calls to a port nothing listens on). */
describe('createGatedEtcdClient', () => {
  const clients: GatedEtcdClient[] = [];
  afterEach(() => clients.splice(0).forEach((gated) => gated.close()));

  const refusedClient = async (faultHandling: IOptions['faultHandling']): Promise<Etcd3> => {
    const gated = createGatedEtcdClient({
      hosts: `127.0.0.1:${await freePort()}`,
      // No retries around the host policy: each get is one call through it.
      faultHandling: { global: noop, ...faultHandling },
      defaultCallOptions: () => ({ deadline: Date.now() + 5000 }),
    });
    clients.push(gated);
    return gated.client;
  };

  const outcomes = async (client: Etcd3, calls: number): Promise<string[]> => {
    const seen: string[] = [];
    for (let i = 0; i < calls; i++) {
      seen.push(
        await client.get('key').then(
          () => 'answered',
          (error: Error) => (isBrokenCircuitError(error) ? 'circuit open' : 'failed'),
        ),
      );
    }
    return seen;
  };

  it("keeps etcd3's default breaker: three failures in a row open the circuit", async () => {
    const client = await refusedClient(undefined);
    expect(await outcomes(client, 4)).toEqual(['failed', 'failed', 'failed', 'circuit open']);
  });

  it('keeps the host policy it is given', async () => {
    const client = await refusedClient({ host: () => noop });
    expect(await outcomes(client, 4)).toEqual(['failed', 'failed', 'failed', 'failed']);
  });
});
