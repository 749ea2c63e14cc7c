import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { ConfigCenterStatusModule, type ConfigStatusReport } from '@config-center/core';
import { ConfigCenterHealthIndicator } from '@config-center/core/terminus';
import { waitFor } from '@config-center/testing/harness';
import { ObservedEtcdApp, SECRET } from './support/observed-etcd-app';

@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly config: ConfigCenterHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.config.isHealthy('config', { downWhen: ['failed'] })]);
  }
}

type Health = { status: string; details: { config: { status: string; state: string; reason?: string; hash: string } } };

/** The status endpoint and a terminus health check of an app on real etcd, through a cuttable proxy. */
describe('status and health on real etcd: a change, a rejection, a quarantine and its release, an outage and recovery', () => {
  let observed: ObservedEtcdApp | undefined;
  let proxy: ObservedEtcdApp['proxy'];
  let base: string;
  const put = (key: string, value: string) => observed!.put(key, value);
  const fetchJson = async <T>(path: string) => {
    const response = await fetch(`${base}${path}`);
    const text = await response.text();
    expect(text).not.toContain(SECRET);
    return { code: response.status, body: JSON.parse(text) as T };
  };
  const status = async () => (await fetchJson<ConfigStatusReport>('/config/status')).body;
  const health = () => fetchJson<Health>('/health');

  beforeAll(async () => {
    const observers = [ConfigCenterStatusModule.forRoot({ path: 'config/status' }), TerminusModule.forRoot({ logger: false })];
    observed = await ObservedEtcdApp.start('/observability/', observers, {
      controllers: [HealthController],
      providers: [ConfigCenterHealthIndicator],
    });
    ({ proxy } = observed);
    await observed.app.listen(0, '127.0.0.1');
    base = await observed.app.getUrl();
  }, 30_000);
  afterAll(async () => {
    await observed?.stop();
  }, 30_000);

  it('shows each step, with the hash following the content and never a value', async () => {
    const first = await status();
    expect(first).toMatchObject({ state: 'ready', version: 1, sources: [{ state: 'connected' }] });
    expect(await health()).toMatchObject({ code: 200, body: { details: { config: { status: 'up', state: 'ready', hash: first.hash } } } });

    // A change: a new version and hash at the revision etcd gave it; the old content brings the old hash back.
    const changed = Number((await put('limits/max', '6')).header.revision);
    await waitFor(async () => (await status()).version === 2, 'the change to apply');
    const second = await status();
    expect(second.sources[0].revision).toBe(String(changed));
    expect(second.hash).not.toBe(first.hash);
    await put('limits/max', '5');
    await waitFor(async () => (await status()).version === 3, 'the change back to apply');
    expect((await status()).hash).toBe(first.hash);

    // A rejection that quarantines the section: same version and hash, the path and constraint listed, health degraded.
    const rejected = Number((await put('limits/max', '-4242')).header.revision);
    await waitFor(async () => (await status()).sources[0].receivedRevision === String(rejected), 'the bad value to arrive');
    const held = await status();
    expect(held).toMatchObject({
      state: 'degraded',
      version: 3,
      hash: first.hash,
      sources: [{ state: 'connected', revision: String(changed + 1), rejectedUpdates: 1 }],
      quarantined: [{ section: 'limits', issues: [{ path: 'limits.max', message: 'must not be less than 1' }] }],
    });
    expect(JSON.stringify(held)).not.toContain('4242');
    expect(await health()).toMatchObject({
      code: 200,
      body: { details: { config: { status: 'up', state: 'degraded', reason: 'quarantined' } } },
    });

    // The release: a valid value applies, the quarantine is gone, health is ready again.
    await put('limits/max', '7');
    await waitFor(async () => (await status()).quarantined.length === 0, 'the quarantine to be released');
    expect(await status()).toMatchObject({ state: 'ready', version: 4 });
    expect(await health()).toMatchObject({ code: 200, body: { details: { config: { status: 'up', state: 'ready' } } } });

    // An outage: the source reconnects (degraded, still up: it serves the last good), then recovers and catches up.
    const beforeOutage = (await status()).hash;
    proxy.cut();
    await waitFor(async () => (await status()).sources[0].state !== 'connected', 'the outage to be noticed', 15_000);
    const outage = await health();
    expect(outage).toMatchObject({ code: 200, body: { details: { config: { status: 'up', state: 'degraded' } } } });
    expect(outage.body.details.config.hash).toBe(beforeOutage);
    await put('limits/max', '8');
    proxy.restore();
    await waitFor(async () => (await status()).version === 5, 'the source to recover and apply what it missed', 15_000);
    expect(await status()).toMatchObject({ state: 'ready', sources: [{ state: 'connected' }] });
    expect(await health()).toMatchObject({ code: 200, body: { details: { config: { status: 'up', state: 'ready' } } } });
  }, 60_000);
});
