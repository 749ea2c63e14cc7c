import { FIRST_PAGE_OF_LARGE_VALUES, readPrefixKeysPaged, readPrefixPaged } from '@config-center/etcd/control';
import { counterVersion, repairedCounter, type HistoryRecord } from '../history/history-record';
import type { EtcdConnection } from './etcd-connection';
import type { VersionCounter } from './publish-plan';

/** The version counter under the control prefix (repaired from the history when missing or unreadable). */
export async function readCounter(connection: EtcdConnection): Promise<VersionCounter> {
  const { client, control } = connection;
  try {
    const { kvs } = await client.get(control.counter).exec();
    const kv = kvs[0];
    const version = kv && counterVersion(kv.value.toString('utf8'));
    if (version !== undefined) return { version, modRevision: kv!.mod_revision };
    const { keys } = await readPrefixKeysPaged(client, control.history);
    const records = keys.map((key) => key.toString('utf8'));
    return repairedCounter(control, records, kv && { modRevision: kv.mod_revision });
  } catch (error) {
    throw connection.controlReadFailed(error);
  }
}

/** Every history record, oldest first (in key order: the version is zero-padded), read in pages at one revision. */
export async function readHistory(connection: EtcdConnection): Promise<HistoryRecord[]> {
  try {
    const { kvs } = await readPrefixPaged(connection.client, connection.control.history, { firstPage: FIRST_PAGE_OF_LARGE_VALUES });
    return kvs.map((kv) => recordOf(kv.value, kv.mod_revision));
  } catch (error) {
    throw connection.controlReadFailed(error);
  }
}

/** One history record, or undefined when there is no such version. */
export async function readRecord(connection: EtcdConnection, version: number): Promise<HistoryRecord | undefined> {
  try {
    const { kvs } = await connection.client.get(connection.control.record(version)).exec();
    return kvs[0] && recordOf(kvs[0].value, kvs[0].mod_revision);
  } catch (error) {
    throw connection.controlReadFailed(error);
  }
}

/** A stored history record with the revision its publish committed at: its key's mod revision, set by that transaction. */
function recordOf(value: Buffer, modRevision: string): HistoryRecord {
  return { ...(JSON.parse(value.toString('utf8')) as HistoryRecord), revision: modRevision };
}
