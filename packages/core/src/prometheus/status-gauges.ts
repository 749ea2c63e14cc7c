import { Gauge, type Registry } from 'prom-client';
import type { ConfigStatus } from '../interfaces/config-status.interface';
import { STATUS_GAUGES } from '../observability/status-readings';

/** Registers the config's gauges (`STATUS_GAUGES`), each filled from the status when scraped; returns their names. */
export function statusGauges(registers: Registry[], status: () => ConfigStatus): string[] {
  return STATUS_GAUGES.map(({ prometheusName: name, help, labelNames, read }) => {
    new Gauge({
      name,
      help,
      labelNames: [...labelNames],
      registers,
      collect() {
        this.reset();
        for (const { labels, value } of read(status())) this.set(labels, value);
      },
    });
    return name;
  });
}
