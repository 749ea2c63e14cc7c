import { createHash } from 'node:crypto';
import type { KeyValues } from '../config-keys';

/** One published version, as stored under the control prefix: what `history`, `show` and `rollback` read. */
export interface HistoryRecord {
  /** Numbered from 1, one per successful publish or rollback. */
  readonly version: number;
  readonly author: string;
  readonly message: string;
  /** ISO 8601, the publishing machine's clock. */
  readonly time: string;
  /**
   * `sha256:` of the content (see `contentHash`), as stored: compared, never printed (`printedHash`
   * is). Unkeyed, so that every run and every operator compares the same value; it tells a reader
   * nothing the record's `content` beside it does not.
   */
  readonly hash: string;
  /** The full key → text map under the prefix after the publish. */
  readonly content: Readonly<Record<string, string>>;
  /**
   * The backend revision the publish committed at (in etcd the mod revision of the record's key,
   * written by the same transaction). Filled in when the record is read, never stored in it, so
   * records of every age have it.
   */
  readonly revision?: string;
}

/** A stable hash of a key → text map: sha256 of its JSON in key order. */
export function contentHash(content: KeyValues): string {
  const ordered = [...content].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `sha256:${createHash('sha256').update(JSON.stringify(ordered), 'utf8').digest('hex')}`;
}

/** The record a publish appends. */
export function historyRecord(version: number, author: string, message: string, content: KeyValues): HistoryRecord {
  return {
    version,
    author,
    message,
    time: new Date().toISOString(),
    hash: contentHash(content),
    content: Object.fromEntries([...content].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}

/** The control keys of one service: the version counter and the history records. */
export class ControlKeys {
  constructor(readonly prefix: string) {}

  get counter(): string {
    return `${this.prefix}version`;
  }

  get history(): string {
    return `${this.prefix}history/`;
  }

  record(version: number): string {
    return `${this.history}${String(version).padStart(10, '0')}`;
  }

  /** The version a history record's key names; `undefined` for a key that is not a record's. */
  versionOfRecord(key: string): number | undefined {
    const digits = key.startsWith(this.history) ? key.slice(this.history.length) : '';
    return /^\d{10}$/.test(digits) ? Number(digits) : undefined;
  }
}

/** The version a counter's text holds: a whole number, or `undefined` (garbage is never a version: no "version NaN"). */
export function counterVersion(text: string): number | undefined {
  return /^\d{1,10}$/.test(text) ? Number(text) : undefined;
}

/**
 * The counter to publish on when the stored one is missing or unreadable: the last version the
 * history records (its record's key), so the next publish follows it instead of overwriting version 1;
 * with a warning that says what was repaired.
 */
export function repairedCounter(control: ControlKeys, recordKeys: readonly string[], stored: { modRevision?: string } | undefined) {
  const versions = recordKeys.map((key) => control.versionOfRecord(key) ?? 0);
  const last = Math.max(0, ...versions);
  if (!stored && !last) return { version: 0 };
  const state = stored ? 'holds no version number' : 'is missing';
  const repaired = `the version counter ${control.counter} ${state}: repaired from the history, whose last version is ${last}`;
  return { version: last, modRevision: stored?.modRevision, repaired };
}
