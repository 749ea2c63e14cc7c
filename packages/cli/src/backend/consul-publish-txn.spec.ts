import { CliError } from '../cli-error';
import { ControlKeys, historyRecord } from '../history/history-record';
import type { LiveKey } from './publish-plan';
import { CONSUL_MAX_TXN_OPS, consulPublishTxn, uncomparedWarning } from './consul-publish-txn';
import { planPublish } from './publish-plan';

const prefix = 'configs/orders/';
const control = new ControlKeys('config-center/control/configs/orders/');
const live = (entries: Record<string, [string, number]>): Map<string, LiveKey> =>
  new Map(
    Object.entries(entries).map(([key, [value, index]]) => [
      key,
      { raw: Buffer.from(`${prefix}${key}`), value, modRevision: String(index) },
    ]),
  );
const txnOf = (keys: Map<string, LiveKey>, proposed: Record<string, string>, prune: boolean, counter = { version: 0 }) => {
  const plan = planPublish(keys, new Map(Object.entries(proposed)), prune);
  const record = historyRecord(counter.version + 1, 'ci', 'why', plan.content);
  return consulPublishTxn(prefix, control, { live: keys, counter, plan, record }, 'Consul at x');
};
const decoded = (value?: string) => (value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8'));

describe('consulPublishTxn', () => {
  it('cas on written keys (0 when new), delete-cas on pruned ones, cas on the counter, cas of the new record at index 0, check-index on the rest', () => {
    const keys = live({ a: ['1', 11], b: ['2', 12], gone: ['x', 13] });
    const txn = txnOf(keys, { a: '1', b: 'changed', c: 'new' }, true, { version: 4, modRevision: '40' } as never);
    expect(txn.operations.map(({ KV }) => [KV.Verb, KV.Key, KV.Index, decoded(KV.Value)])).toEqual([
      ['cas', `${prefix}b`, 12, 'changed'],
      ['cas', `${prefix}c`, 0, 'new'],
      ['delete-cas', `${prefix}gone`, 13, undefined],
      ['cas', control.counter, 40, '5'],
      ['cas', control.record(5), 0, expect.stringContaining('"version":5')],
      ['check-index', `${prefix}a`, 11, undefined],
    ]);
    expect(JSON.parse(txn.body)).toEqual(txn.operations);
    expect(txn).toMatchObject({ uncompared: 0, unchanged: 1 });
    expect(uncomparedWarning(txn, 'Consul at x')).toEqual([]);
  });

  it('compares the counter with index 0 before the first publish', () => {
    const txn = txnOf(live({}), { a: '1' }, false);
    expect(txn.operations.find(({ KV }) => KV.Key === control.counter)?.KV).toMatchObject({ Verb: 'cas', Index: 0 });
  });

  it('leaves out the check-index operations that do not fit, in key order, and says how many', () => {
    const many = Object.fromEntries(
      Array.from({ length: 200 }, (_, i): [string, [string, number]] => [`k${String(i).padStart(3, '0')}`, ['v', i + 1]]),
    );
    const txn = txnOf(live(many), { k000: 'changed' }, false);
    expect(txn.operations).toHaveLength(CONSUL_MAX_TXN_OPS);
    expect(txn).toMatchObject({ unchanged: 199, uncompared: 199 - (CONSUL_MAX_TXN_OPS - 3) });
    expect(txn.operations.at(-1)?.KV.Key).toBe(`${prefix}k${String(CONSUL_MAX_TXN_OPS - 3).padStart(3, '0')}`);
    expect(uncomparedWarning(txn, 'Consul at x')[0]).toMatch(/^74 of 199 unchanged keys on Consul at x were not compared/);
  });

  it('refuses, never splits, when the writes alone are over 128 operations or 512 KiB', () => {
    const proposed = Object.fromEntries(Array.from({ length: 127 }, (_, i) => [`k${i}`, 'v']));
    expect(() => txnOf(live({}), proposed, false)).toThrow(/needs 129 operations .*limit of 128 operations/);
    expect(() => txnOf(live({}), { blob: 'x'.repeat(200 * 1024) }, false)).toThrow(CliError);
    expect(() => txnOf(live({}), { blob: 'x'.repeat(200 * 1024) }, false)).toThrow(/limits\.txn_max_req_len/);
    expect(txnOf(live({}), { blob: 'x'.repeat(150 * 1024) }, false).operations).toHaveLength(3);
  });
});
