import type { Namespace, Watcher } from 'etcd3';
import { instanceReportsPrefix } from './etcd-control-prefix';
import type { InstanceReport } from './instance-report';
import { checkedRecord, readInstanceReports, type InstanceReportProblem, type InstanceReportsRead } from './read-instance-reports';

/** What `followInstanceReports` calls back with. */
export interface InstanceReportsListener {
  /** The whole set after each change (the first call: as read), at the revision of that change. */
  readonly onChange: (read: InstanceReportsRead) => void;
  /** The watch failed (etcd unreachable past etcd3's retries); it is not retried. */
  readonly onError: (error: Error) => void;
}

/** A follow of the instance reports; `close()` cancels its watch, without waiting for etcd to confirm it. */
export interface InstanceReportsFollow {
  close(): Promise<void>;
}

/**
 * Follows every instance report under `<controlPrefix>instances/`: one read at one revision, then a
 * watch from the next, so each record written or expired costs one event, not a read of them all
 * (what `publish --wait` needs while 1,000 records change at once). After a reconnect (etcd3
 * resumes a watch at the server's current revision, which may skip events) the set is read again.
 * The watch has a namespace of its own (`client.namespace('')`, same keys): a watch etcd refuses
 * at creation cannot wedge the other watches of the caller's client. `close()` does not wait for
 * etcd to confirm the cancel, which a frozen or unreachable etcd never does; nothing is called
 * back after it. A re-read whose revision is older than an event already applied (its reply came
 * late) is ignored: the set never goes backwards.
 */
export async function followInstanceReports(
  client: Namespace,
  controlPrefix: string,
  listener: InstanceReportsListener,
): Promise<InstanceReportsFollow> {
  const prefix = instanceReportsPrefix(controlPrefix);
  const records = new Map<string, InstanceReport | InstanceReportProblem>();
  const writtenAt = new WeakMap<InstanceReport, string>();
  let revision = '0';
  /** The newest mod revision among the events applied: a re-read at an older revision would undo them. */
  let applied = 0n;
  let closed = false;
  const publish = () => {
    if (closed) return;
    const sorted = [...records].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, record]) => record);
    const reports = sorted.filter((record): record is InstanceReport => !('problem' in record));
    const problems = sorted.filter((record): record is InstanceReportProblem => 'problem' in record);
    const written = new Map(reports.map((report) => [report.instanceId, writtenAt.get(report)!]));
    listener.onChange({ reports, problems, revision, writtenAt: written });
  };
  const reread = async () => {
    const read = await readInstanceReports(client, controlPrefix);
    // Its reply came after events newer than it (it was sent before them): the set never goes backwards.
    if (BigInt(read.revision) < applied) return;
    records.clear();
    for (const report of read.reports) {
      records.set(`${prefix}${report.instanceId}`, report);
      writtenAt.set(report, read.writtenAt.get(report.instanceId)!);
    }
    for (const problem of read.problems) records.set(problem.key, problem);
    revision = read.revision;
    publish();
  };
  await reread();
  const watcher: Watcher = await client
    .namespace('')
    .watch()
    .prefix(prefix)
    .startRevision(String(BigInt(revision) + 1n))
    .create();
  let reconnected = false;
  watcher.on('disconnected', () => (reconnected = true));
  watcher.on('connected', () => {
    if (!reconnected || closed) return;
    reconnected = false;
    reread().catch((error: Error) => closed || listener.onError(error));
  });
  watcher.on('data', (response) => {
    if (closed) return;
    for (const { type, kv } of response.events) {
      const key = kv.key.toString('utf8');
      const record = type === 'Delete' ? undefined : checkedRecord(prefix, kv);
      if (!record) records.delete(key);
      else records.set(key, record);
      if (record && !('problem' in record)) writtenAt.set(record, kv.mod_revision);
      if (BigInt(kv.mod_revision) > applied) applied = BigInt(kv.mod_revision);
    }
    revision = response.header.revision;
    if (response.events.length) publish();
  });
  watcher.on('error', (error) => closed || listener.onError(error));
  return {
    close: async () => {
      closed = true;
      void watcher.cancel().catch(() => undefined);
    },
  };
}
