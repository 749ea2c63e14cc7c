import { ConfigCenterMetricsModule } from '@config-center/core/prometheus';
import { Registry } from 'prom-client';
import { checkMetricsWithPromtool, waitFor } from '@config-center/testing/harness';
import { ObservedEtcdApp, SECRET } from './support/observed-etcd-app';

/** The value of one line of a scrape in the text format (`name{labels} value`), or undefined. */
function valueIn(scrape: string, series: string): number | undefined {
  const line = scrape.split('\n').find((text) => text.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** The Prometheus metrics of an app on real etcd, through a cuttable proxy, scraped as text. */
describe('Prometheus metrics on real etcd: a change, a rejection, a quarantine and its release, an outage and recovery', () => {
  const registry = new Registry();
  let observed: ObservedEtcdApp | undefined;
  let source: string;
  let proxy: ObservedEtcdApp['proxy'];
  const put = (key: string, value: string) => observed!.put(key, value);
  const scrape = async () => {
    const text = await registry.metrics();
    expect(text).not.toContain(SECRET);
    return text;
  };
  const value = async (series: string) => valueIn(await scrape(), series);
  const state = (name: string) => value(`config_center_source_state{source="${source}",state="${name}"}`);

  beforeAll(async () => {
    observed = await ObservedEtcdApp.start('/metrics/', [ConfigCenterMetricsModule.forRoot({ registry })]);
    ({ source, proxy } = observed);
    await observed.app.init();
  }, 30_000);
  afterAll(async () => {
    await observed?.stop();
  }, 30_000);

  it('counts and shows each step, passes promtool, and never carries a value', async () => {
    const applies = `config_center_applies_total{source="${source}"}`;
    const revision = `config_center_source_revision{source="${source}"}`;
    expect(await state('connected')).toBe(1);
    expect(await value('config_center_last_apply_success')).toBe(1);
    expect(await value(applies)).toBe(0);

    const changed = Number((await put('limits/max', '6')).header.revision);
    await waitFor(async () => (await value(applies)) === 1, 'the change to count');
    expect(await value(revision)).toBe(changed);
    expect(await value('config_center_apply_duration_seconds_count')).toBe(1);

    await put('limits/max', '-4242');
    await waitFor(async () => (await value('config_center_quarantined_sections')) === 1, 'the quarantine');
    expect(await value(`config_center_rejections_total{source="${source}",kind="validation"}`)).toBe(1);
    expect(await value('config_center_last_apply_success')).toBe(0);
    expect(await scrape()).not.toContain('4242');
    await checkMetricsWithPromtool(await scrape());

    await put('limits/max', '7');
    await waitFor(async () => (await value('config_center_quarantined_sections')) === 0, 'the release');
    expect(await value('config_center_last_apply_success')).toBe(1);
    expect(await value(applies)).toBe(2);

    proxy.cut();
    await waitFor(async () => (await state('connected')) === 0, 'the outage to show', 15_000);
    expect(await value(`config_center_source_reconnects_total{source="${source}"}`)).toBe(1);
    await put('limits/max', '8');
    proxy.restore();
    await waitFor(async () => (await value(applies)) === 3, 'the source to recover and apply what it missed', 15_000);
    expect(await state('connected')).toBe(1);
    expect(await state('reconnecting')).toBe(0);
    await checkMetricsWithPromtool(await scrape());
  }, 60_000);
});
