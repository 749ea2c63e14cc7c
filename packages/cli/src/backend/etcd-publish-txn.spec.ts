import { ControlKeys, historyRecord } from '../history/history-record';
import type { LiveKey } from './publish-plan';
import { publishTxn } from './etcd-publish-txn';
import { planPublish, type PublishRequest } from './publish-plan';

const prefix = '/configs/orders/';
const control = new ControlKeys('/config-center/control/configs/orders/');
const canaryKey = `${control.prefix}canary/release`;
const live = new Map<string, LiveKey>([['a', { raw: Buffer.from(`${prefix}a`), value: '1', modRevision: '11' }]]);
const request = (extra: Partial<PublishRequest> = {}): PublishRequest => {
  const plan = planPublish(live, new Map([['a', '2']]), false);
  return { live, counter: { version: 3, modRevision: '30' }, plan, record: historyRecord(4, 'ci', 'why', plan.content), ...extra };
};

describe('publishTxn (etcd)', () => {
  it("compares the counter, every key read and the new record's absence, then writes the keys, the record and the counter", () => {
    const txn = publishTxn(prefix, control, request());
    expect(txn.compares).toEqual([
      { key: control.counter, target: 'Mod', value: '30' },
      { key: Buffer.from(`${prefix}a`), target: 'Mod', value: '11' },
      { key: control.record(4), target: 'Version', value: 0 },
    ]);
    expect(txn.operations.map((op) => [op.kind, String(op.key)])).toEqual([
      ['put', `${prefix}a`],
      ['put', control.record(4)],
      ['put', control.counter],
    ]);
  });

  it('checks that no canary started since the read (`absent`)', () => {
    const txn = publishTxn(prefix, control, request({ absent: canaryKey }));
    expect(txn.compares).toContainEqual({ key: canaryKey, target: 'Version', value: 0 });
    expect(txn.operations.map((op) => String(op.key))).not.toContain(canaryKey);
  });

  it('removes the promoted canary in the same transaction, only if it is the one read (`retire`)', () => {
    const txn = publishTxn(prefix, control, request({ retire: { key: canaryKey, modRevision: '42' } }));
    expect(txn.compares).toContainEqual({ key: canaryKey, target: 'Mod', value: '42' });
    expect(txn.operations.map((op) => [op.kind, String(op.key)])).toContainEqual(['delete', canaryKey]);
    expect(txn.bytes).toBeGreaterThan(publishTxn(prefix, control, request()).bytes);
  });
});
