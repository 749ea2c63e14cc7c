import { controlPrefixFor, INSTANCE_REPORT_FORMAT, instanceReportKey, type InstanceReport } from '@config-center/etcd/control';
import type { Etcd3, Lease } from 'etcd3';

/** Records written at once: enough to keep etcd busy, few enough for its request queue. */
const BATCH = 250;
const ZONES = ['a', 'b', 'c', 'd'];

/**
 * The record a reporting instance of `prefix` writes, shaped like a real one (~1.2 KiB): labels,
 * three sources, a quarantined section and a few old rejections, built with the library's own type.
 * `revision` is what its etcd source applied; `index` picks its id and its zone (`zone=a` every 4th).
 */
export function realisticReport(prefix: string, index: number, revision: string): InstanceReport {
  const issue = { path: 'cache.size', constraint: 'must not be less than 1' };
  const rejection = (at: number) => ({
    source: 'file:config/override.yaml',
    kind: 'validation' as const,
    issues: [issue, { path: 'rateLimit.ttlMs', constraint: 'must be an integer number' }],
    at: new Date(Date.UTC(2026, 11, 1, 10, at)).toISOString(),
  });
  return {
    format: INSTANCE_REPORT_FORMAT,
    instanceId: `orders-${String(index).padStart(5, '0')}`,
    host: `orders-deployment-7d9f8c6b5-${index.toString(36).padStart(5, 'x')}`,
    pid: 1000 + index,
    labels: { zone: ZONES[index % ZONES.length], track: 'stable', team: 'checkout', region: 'eu-west-1', build: '2026.12.07-1' },
    startedAt: '2026-12-07T08:00:00.000Z',
    state: 'ready',
    version: 12,
    hash: `sha256:${'0123456789abcdef'.repeat(4)}`,
    appliedAt: '2026-12-07T09:00:00.000Z',
    sources: [
      { name: 'file:config/app.yaml', state: 'connected' },
      { name: `etcd:${prefix}`, state: 'connected', revision },
      { name: 'file:config/override.yaml', state: 'connected' },
      { name: 'env:APP__', state: 'connected' },
    ],
    quarantined: [{ section: 'cache', source: 'file:config/override.yaml', issues: [issue], since: '2026-12-07T09:00:00.000Z' }],
    rejections: [rejection(1), rejection(2), rejection(3)],
  };
}

/**
 * Writes `count` realistic records under `prefix`'s control prefix, all on one lease (returned:
 * revoking it deletes them), `BATCH` puts at a time; `revision` as `realisticReport` takes it.
 */
export async function writeRecordedFleet(client: Etcd3, prefix: string, count: number, revision: string): Promise<Lease> {
  const lease = client.lease(300);
  await rewriteRecords(
    lease,
    prefix,
    Array.from({ length: count }, (_, index) => index),
    revision,
  );
  return lease;
}

/** Writes the records of the instances at `indexes` again on `lease`, now on `revision`. */
export async function rewriteRecords(lease: Lease, prefix: string, indexes: readonly number[], revision: string): Promise<void> {
  const control = controlPrefixFor(prefix);
  for (let start = 0; start < indexes.length; start += BATCH) {
    const batch = indexes.slice(start, start + BATCH).map((index) => {
      const report = realisticReport(prefix, index, revision);
      return lease.put(instanceReportKey(control, report.instanceId)).value(JSON.stringify(report)).exec();
    });
    await Promise.all(batch);
  }
}
