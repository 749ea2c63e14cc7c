import type { EtcdInstanceReportOptions } from '@config-center/etcd';

/**
 * The demo's instance report from the environment, or undefined when it opts out: `INSTANCE_ID`
 * (stable across restarts) and `INSTANCE_LABELS` (`zone=a,tier=web`); either one turns the report
 * on. It needs etcd (`hasEtcd`), where the record lives: without it, asking for a report is an error.
 * Label names and values are checked by `EtcdConfigSource`, which names a label it refuses.
 */
export function instanceReportFromEnv(env: NodeJS.ProcessEnv, hasEtcd: boolean): EtcdInstanceReportOptions | undefined {
  const instanceId = env.INSTANCE_ID?.trim() || undefined;
  const labelsText = env.INSTANCE_LABELS?.trim() || undefined;
  if (!instanceId && !labelsText) return undefined;
  if (!hasEtcd) {
    throw new Error('INSTANCE_ID and INSTANCE_LABELS ask for an instance report in etcd: set ETCD_ENDPOINTS too');
  }
  return { instanceId, labels: labelsText ? parseLabels(labelsText) : undefined };
}

/** `zone=a,tier=web` → `{ zone: 'a', tier: 'web' }`; an entry that is not `name=value`, or a name given twice, is an error naming it. */
export function parseLabels(text: string): Record<string, string> {
  const labels = new Map<string, string>();
  for (const entry of text.split(',').map((part) => part.trim())) {
    const equals = entry.indexOf('=');
    const name = entry.slice(0, equals).trim();
    if (equals < 0 || !name) {
      throw new Error(`INSTANCE_LABELS: ${JSON.stringify(entry.slice(0, 64))} is not name=value (write zone=a,tier=web)`);
    }
    if (labels.has(name)) throw new Error(`INSTANCE_LABELS: label ${JSON.stringify(name.slice(0, 64))} is given twice`);
    labels.set(name, entry.slice(equals + 1).trim());
  }
  // fromEntries defines each name as an own property, `__proto__` too, so the source's check sees every one.
  return Object.fromEntries(labels);
}

/** `{ zone: 'a', tier: 'web' }` → `zone=a,tier=web`, as `INSTANCE_LABELS` takes them; `''` for none. */
export function labelsText(labels: Readonly<Record<string, string>> = {}): string {
  return Object.entries(labels)
    .map(([name, value]) => `${name}=${value}`)
    .join(',');
}
