import { Gauge, type Registry } from 'prom-client';
import type { ConfigSourceStatus, ConfigStatus } from '../interfaces/config-status.interface';
import { redact } from '../status/redact';

const SOURCE_STATES: readonly ConfigSourceStatus['state'][] = ['connected', 'reconnecting', 'cached', 'failed'];

/** Registers the config's gauges, each filled from the status when scraped; returns their names. */
export function statusGauges(registers: Registry[], status: () => ConfigStatus): string[] {
  const gauge = (name: string, help: string, labelNames: string[], fill: (gauge: Gauge, now: ConfigStatus) => void) => {
    const collect = function (this: Gauge) {
      this.reset();
      fill(this, status());
    };
    new Gauge({ name, help, labelNames, registers, collect });
    return name;
  };
  return [
    gauge('config_center_info', 'The applied config version and content hash; always 1.', ['version', 'hash'], (g, s) => {
      g.set({ version: String(s.version), hash: s.hash ?? '' }, 1);
    }),
    gauge('config_center_last_apply_timestamp_seconds', 'When the applied config version was published, in Unix seconds.', [], (g, s) => {
      if (s.appliedAt) g.set(s.appliedAt.getTime() / 1000);
    }),
    gauge('config_center_last_apply_success', '1 when the config applied whole; 0 while any section is quarantined.', [], (g, s) => {
      g.set(s.quarantined.length ? 0 : 1);
    }),
    gauge(
      'config_center_quarantined_sections',
      'Sections serving their last good value because their live config is invalid.',
      [],
      (g, s) => {
        g.set(s.quarantined.length);
      },
    ),
    gauge('config_center_unknown_keys', 'Keys under a section that no field of it declares.', [], (g, s) => g.set(s.unknownKeys.length)),
    gauge(
      'config_center_source_state',
      'The state of each source, one-hot: 1 for its current state, 0 for the others.',
      ['source', 'state'],
      (g, s) => {
        for (const source of s.sources)
          for (const state of SOURCE_STATES) g.set({ source: redact(source.name), state }, source.state === state ? 1 : 0);
      },
    ),
    gauge(
      'config_center_source_revision',
      'The revision of the last applied batch of each source, when it is numeric.',
      ['source'],
      (g, s) => {
        for (const source of s.sources) {
          const revision = Number(source.revision);
          if (source.revision !== undefined && Number.isFinite(revision)) g.set({ source: redact(source.name) }, revision);
        }
      },
    ),
  ];
}
