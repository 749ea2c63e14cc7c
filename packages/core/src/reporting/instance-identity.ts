import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ConfigCenterError } from '../errors';

/** How an instance names itself in its report. */
export interface InstanceIdentityOptions {
  /**
   * A stable id (a pod name, a StatefulSet ordinal): the same record across restarts. Default: a
   * random UUID per start. 1–128 letters, digits, `.`, `_` or `-`, starting with a letter or digit.
   */
  readonly instanceId?: string;
  /**
   * Labels an operator selects instances by (`zone: 'a'`): at most 32; keys 1–63 characters and
   * values 0–63, of letters, digits, `.`, `_` or `-`, a key starting with a letter or digit.
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Who an instance is: its id, where it runs, its labels and when it started. */
export interface InstanceIdentity {
  readonly instanceId: string;
  readonly host: string;
  readonly pid: number;
  readonly labels: Readonly<Record<string, string>>;
  /** ISO 8601. */
  readonly startedAt: string;
}

const INSTANCE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const LABEL_VALUE = /^[A-Za-z0-9._-]{0,63}$/;
const MAX_LABELS = 32;

/**
 * The identity of this process from the options: the given id or a new UUID, the host name, the
 * pid, the labels (checked) and the time now. A `ConfigCenterError` naming the id or the label
 * that is not allowed, and the rule.
 */
export function instanceIdentity(options: InstanceIdentityOptions = {}): InstanceIdentity {
  const { instanceId = randomUUID(), labels = {} } = options;
  if (typeof instanceId !== 'string' || !INSTANCE_ID.test(instanceId)) {
    throw new ConfigCenterError(
      `Instance report: the instance id must be 1–128 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
  return { instanceId, host: hostname(), pid: process.pid, labels: checkedLabels(labels), startedAt: new Date().toISOString() };
}

/** A copy of `labels` when every key and value is allowed; else an error naming the label. */
export function checkedLabels(labels: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    throw new ConfigCenterError('Instance report: labels must be an object of label names to values');
  }
  const entries = Object.entries(labels);
  if (entries.length > MAX_LABELS) throw new ConfigCenterError(`Instance report: at most ${MAX_LABELS} labels (got ${entries.length})`);
  for (const [key, value] of entries) {
    if (!LABEL_KEY.test(key)) {
      throw new ConfigCenterError(
        `Instance report: label name ${JSON.stringify(key.slice(0, 64))} is not allowed: use 1–63 letters, digits, '.', '_' or '-', starting with a letter or digit`,
      );
    }
    if (typeof value !== 'string' || !LABEL_VALUE.test(value)) {
      throw new ConfigCenterError(
        `Instance report: the value of label ${JSON.stringify(key)} is not allowed: use a string of at most 63 letters, digits, '.', '_' or '-'`,
      );
    }
  }
  return Object.freeze(Object.fromEntries(entries));
}
