import { Test } from '@nestjs/testing';
import { IsInt } from 'class-validator';
import { ApolloConfigSource } from '@config-center/apollo';
import { ConfigCenterModule, ConfigCenterService, ConfigSection, ConfigSourceError } from '@config-center/core';
import { ApolloTestServer, waitFor } from '@config-center/testing/harness';

@ConfigSection('limits')
class LimitsConfig {
  @IsInt() max = 1;
}

const RIGHT = 'right-secret-0123';
const WRONG = 'wrong-secret-4567';

/**
 * Access keys against the test server, which checks them as Apollo 3.0's
 * `ClientAuthenticationFilter` does: a signed source reads and follows releases; a wrong secret is
 * a clear error that retrying cannot fix, naming the app and never the secret.
 */
describe('ApolloConfigSource access keys (the Apollo test server)', () => {
  let server: ApolloTestServer;
  const keys: Record<string, string[]> = { orders: [RIGHT] };
  const sourceWith = (secret: string) =>
    new ApolloConfigSource({ configServerUrl: server.url, appId: 'orders', secret, retry: { initialDelayMs: 20, maxDelayMs: 100 } });

  beforeEach(async () => {
    keys.orders = [RIGHT];
    server = await ApolloTestServer.start({ accessKeys: keys });
    server.release('orders', [{ namespace: 'application', configurations: { 'limits.max': '5' } }]);
  }, 15_000);
  afterEach(() => server.close(), 15_000);

  it('signs every request with the secret, and follows releases', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigCenterModule.forRoot({ sources: () => [sourceWith(RIGHT)], sections: [LimitsConfig] })],
    }).compile();
    await moduleRef.init();
    const service = moduleRef.get(ConfigCenterService);
    expect(service.get(LimitsConfig).max).toBe(5);
    server.release('orders', [{ namespace: 'application', configurations: { 'limits.max': '6' } }]);
    await waitFor(() => service.get(LimitsConfig).max === 6, 'the release');
    await moduleRef.close();
    expect(server.requests.every((r) => r.signed && r.status !== 401)).toBe(true);
  });

  it('fails a load with a wrong secret as an error retrying cannot fix, naming the app and never the secret', async () => {
    const source = sourceWith(WRONG);
    const error = await source.load().then(
      () => undefined,
      (e: unknown) => e,
    );
    await source.close();
    expect(error).toBeInstanceOf(ConfigSourceError);
    expect(error).toMatchObject({ recoverable: false, message: expect.stringContaining("app 'orders'") });
    expect((error as Error).message).toMatch(/401/);
    expect((error as Error).message).not.toContain(WRONG);
  });

  it('stops watching when the secret is revoked, reporting the source failed without the secret', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigCenterModule.forRoot({ sources: () => [sourceWith(RIGHT)], sections: [LimitsConfig] })],
    }).compile();
    await moduleRef.init();
    const service = moduleRef.get(ConfigCenterService);
    await waitFor(() => server.heldPolls === 1, 'the held poll');
    keys.orders = ['rotated-secret'];
    server.dropHeldPolls();
    await waitFor(() => service.status().sources[0].state === 'failed', 'the source to fail');
    const report = JSON.stringify(service.status());
    expect(report).toContain("app 'orders'");
    expect(report).not.toContain(RIGHT);
    expect(service.get(LimitsConfig).max).toBe(5);
    await moduleRef.close();
  });
});
