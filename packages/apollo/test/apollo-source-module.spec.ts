import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { IsInt, IsString, Min } from 'class-validator';
import { ApolloConfigSource } from '@config-center/apollo';
import { ConfigCenterModule, ConfigCenterService, ConfigSection, ConfigValue } from '@config-center/core';
import { waitFor } from '@config-center/testing/harness';
import { BACKEND_NAME, HOOK_TIMEOUT_MS, startApolloBackend, type ApolloBackend } from './support/apollo-backend';

@ConfigSection('rateLimit')
class RateLimitConfig {
  @IsInt() @Min(1) limit = 100;
  @IsInt() @Min(1) ttlMs = 60_000;
}

@ConfigSection('greeting')
class GreetingConfig {
  @IsString() text = 'hello';
}

@Injectable()
class OrdersService {
  @ConfigValue('rateLimit.limit') readonly limit!: number;
  @ConfigValue('greeting.text') readonly greeting!: string;
}

/** The Apollo source in a Nest app: releases reach `@ConfigValue` and sections, one swap per answer. */
describe(`ApolloConfigSource in ConfigCenterModule (${BACKEND_NAME})`, () => {
  let backend: ApolloBackend;
  let moduleRef: TestingModule;

  beforeEach(async () => {
    backend = await startApolloBackend();
    await backend.release('application', { 'rateLimit.limit': '5', 'rateLimit.ttlMs': '1000' });
    await backend.release('greeting.yaml', { content: 'greeting:\n  text: hi\n' });
    const source = () => [
      new ApolloConfigSource({
        configServerUrl: backend.url,
        appId: backend.appId,
        namespaces: ['application', 'greeting.yaml'],
        retry: { initialDelayMs: 50, maxDelayMs: 200 },
      }),
    ];
    moduleRef = await Test.createTestingModule({
      imports: [ConfigCenterModule.forRoot({ sources: source, sections: [RateLimitConfig, GreetingConfig] })],
      providers: [OrdersService],
    }).compile();
    await moduleRef.init();
  }, HOOK_TIMEOUT_MS);
  afterEach(async () => {
    await moduleRef.close();
    await backend.dispose();
  }, HOOK_TIMEOUT_MS);

  it('serves a release through @ConfigValue and sections', async () => {
    const orders = moduleRef.get(OrdersService);
    expect([orders.limit, orders.greeting]).toEqual([5, 'hi']);
    await backend.release('application', { 'rateLimit.limit': '7', 'rateLimit.ttlMs': '1000' });
    await waitFor(() => orders.limit === 7, 'the released limit');
    expect(moduleRef.get(ConfigCenterService).get(RateLimitConfig).limit).toBe(7);
  });

  it('drops a key the next release no longer holds: its field falls back to its default', async () => {
    const service = moduleRef.get(ConfigCenterService);
    await backend.release('application', { 'rateLimit.limit': '5' });
    await waitFor(() => service.get(RateLimitConfig).ttlMs === 60_000, 'the default ttlMs');
  });

  it('keeps an invalid release quarantined on its last good value, and applies the fix', async () => {
    const service = moduleRef.get(ConfigCenterService);
    const orders = moduleRef.get(OrdersService);
    await backend.release('application', { 'rateLimit.limit': '-1', 'rateLimit.ttlMs': '1000' });
    await waitFor(() => service.status().quarantined.length === 1, 'the quarantine');
    expect(service.status().quarantined[0]).toMatchObject({ section: 'rateLimit' });
    expect(orders.limit).toBe(5);
    await backend.release('greeting.yaml', { content: 'greeting:\n  text: still served\n' });
    await waitFor(() => orders.greeting === 'still served', 'the unrelated release');
    await backend.release('application', { 'rateLimit.limit': '9', 'rateLimit.ttlMs': '1000' });
    await waitFor(() => orders.limit === 9, 'the fix');
    expect(service.status().quarantined).toEqual([]);
  });

  it('applies two namespaces released while the config service was down as one swap, no reader seeing half', async () => {
    const server = backend.server;
    if (!server) return; // releasing while the service is down needs the test server
    const service = moduleRef.get(ConfigCenterService);
    const orders = moduleRef.get(OrdersService);
    const seen: [number, string][] = [];
    service.changes$.subscribe(() => seen.push([orders.limit, orders.greeting]));
    await waitFor(() => server.heldPolls === 1, 'the held poll');
    await server.stop();
    await backend.release('application', { 'rateLimit.limit': '8', 'rateLimit.ttlMs': '1000' });
    await backend.release('greeting.yaml', { content: 'greeting:\n  text: both\n' });
    await server.start();
    await waitFor(() => orders.limit === 8 && orders.greeting === 'both', 'both namespaces');
    expect(seen).toEqual([[8, 'both']]);
  });

  it('ends the held long poll at once on app.close()', async () => {
    const server = backend.server;
    if (!server) return; // counting held polls needs the test server
    await waitFor(() => server.heldPolls === 1, 'the held poll');
    await moduleRef.close();
    await waitFor(() => server.heldPolls === 0, 'the poll to end (the hold is 60 s)', 5_000);
  });
});
