import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigCenterModule, ConfigCenterService, ConfigSection, type ConfigErrorEvent } from '@config-center/core';
import { CONFIG_STORE, type ConfigStore } from '@config-center/core/source-kit';
import { EtcdConfigSource } from '@config-center/etcd';
import { IsBoolean, IsInt, Min } from 'class-validator';
import type { Etcd3 } from 'etcd3';
import { firstValueFrom, type Observable } from 'rxjs';
import { EtcdCluster, waitFor } from '@config-center/testing/harness';
import { AppliedStateProbe } from './support/applied-state-probe';

@ConfigSection('limits')
class LimitsConfig {
  @IsInt() @Min(1) max = 10;
}

@ConfigSection('features')
class FeaturesConfig {
  @IsBoolean() beta = false;
}

/** Fault 5: values that fail validation, or cannot be read, arrive over etcd. */
describe('EtcdConfigSource with bad values arriving over etcd', () => {
  const prefix = '/fault/validation/';
  let cluster: EtcdCluster | undefined;
  let moduleRef: TestingModule | undefined;
  let probe: AppliedStateProbe | undefined;
  let etcd: Etcd3;
  let service: ConfigCenterService;
  const put = async (key: string, value: string) => Number((await etcd.put(`${prefix}${key}`).value(value)).header.revision);
  /** Resolves with the next rejection; call it before the write that causes it. */
  const nextError = (errors$: Observable<ConfigErrorEvent>) => firstValueFrom(errors$);

  beforeEach(async () => {
    cluster = await EtcdCluster.start();
    etcd = cluster.client();
    await put('limits/max', '5');
    const source = new EtcdConfigSource({ hosts: cluster.endpoints, prefix, reconcileIntervalMs: 0 });
    moduleRef = await Test.createTestingModule({
      imports: [ConfigCenterModule.forRoot({ sources: [source], sections: [LimitsConfig, FeaturesConfig] })],
    }).compile();
    await moduleRef.init();
    service = moduleRef.get(ConfigCenterService);
    probe = new AppliedStateProbe(moduleRef.get<ConfigStore>(CONFIG_STORE));
  }, 30_000);

  afterEach(async () => {
    await probe?.close();
    await moduleRef?.close();
    await cluster?.stop();
  }, 30_000);

  it('rejects an invalid value, keeps the last good one, and applies the next valid one', async () => {
    expect(service.get(LimitsConfig).max).toBe(5);
    const rejection = nextError(service.errors$);
    const invalidAt = await put('limits/max', '-1');
    const error = await rejection;
    expect(error).toMatchObject({ kind: 'validation', source: `etcd:${prefix}` });
    expect(error.message).toContain('limits.max: must not be less than 1');
    expect(service.get(LimitsConfig).max).toBe(5);
    expect(probe?.status).toMatchObject({ rejectedUpdates: 1, state: 'connected' });

    const validAt = await put('limits/max', '7');
    await waitFor(() => service.get(LimitsConfig).max === 7, 'the next valid value', 10_000);
    await probe?.convergedOn(etcd, prefix);
    expect(probe?.appliedRevisions).toEqual([validAt]);
    expect(validAt).toBe(invalidAt + 1);
    expect(probe?.revisionsOnlyWentUp).toBe(true);
  }, 15_000);

  it('holds back a transaction with an unreadable document, then applies all of it once fixed', async () => {
    const rejection = nextError(service.errors$);
    await etcd
      .if(`${prefix}limits/max`, 'Version', '>', 0)
      .then(etcd.put(`${prefix}limits/max`).value('9'), etcd.put(`${prefix}features.json`).value('{"beta": tru'))
      .commit();
    const error = await rejection;
    expect(error).toMatchObject({ kind: 'parse', details: { location: `${prefix}features.json` } });
    expect(error.message).toMatch(/malformed JSON.* \(revision \d+ not applied\)$/);
    expect(service.get(LimitsConfig).max).toBe(5);

    const fixedAt = await put('features.json', '{"beta": true}');
    await waitFor(() => service.get(FeaturesConfig).beta, 'the fixed document', 10_000);
    expect(service.get(LimitsConfig).max).toBe(9);
    await probe?.convergedOn(etcd, prefix);
    expect(probe?.appliedRevisions).toEqual([fixedAt]);
    expect(probe?.status.rejectedUpdates).toBe(1);
  });
});
