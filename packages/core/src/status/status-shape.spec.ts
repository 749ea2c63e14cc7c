import type { ConfigStatus } from '../interfaces/config-status.interface';
import { instanceFacts } from '../reporting/instance-facts';
import type { ConfigStatusReport } from './config-status-report.interface';
import { statusReport } from './status-report';
import { asIs, LEFT_OUT, reshape, type FieldConverters } from './status-shape';

describe('status shapes derived from ConfigStatus', () => {
  const at = new Date('2026-01-02T03:04:05.000Z');
  const issue = { path: 'limits.max', constraints: { min: 'must not be less than 1' }, message: 'must not be less than 1' };
  // Every field set, the optional ones too: a field a conversion drops shows as a missing key.
  const status: Required<ConfigStatus> = {
    state: 'degraded',
    version: 3,
    hash: 'abc',
    appliedAt: at,
    sources: [
      {
        name: 'etcd',
        state: 'reconnecting',
        revision: '7',
        receivedRevision: '8',
        lastError: { message: 'unreachable', at },
        rejectedUpdates: 1,
        reconnects: 2,
      },
    ],
    quarantined: [{ section: 'limits', source: 'etcd', issues: [issue], since: at }],
    unknownKeys: ['limits.maks', 'limit'],
    uncoveredKeys: [{ key: 'limit', didYouMean: 'limits' }],
    keyIds: ['k1'],
  };
  const keysOf = (value: object) => Object.keys(value).sort();

  it('the status report carries every field of the status, of each source and of each quarantined section', () => {
    const report = statusReport(status);
    expect(keysOf(report)).toEqual(keysOf(status));
    expect(keysOf(report.sources[0])).toEqual(keysOf(status.sources[0]));
    expect(keysOf(report.quarantined[0])).toEqual(keysOf(status.quarantined[0]));
  });

  it('instance facts carry every field of the status but the keys no field declares or nothing reads, and the rejections', () => {
    const facts = instanceFacts(status, []);
    const kept = Object.keys(status).filter((key) => key !== 'unknownKeys' && key !== 'uncoveredKeys');
    expect(keysOf(facts)).toEqual([...kept, 'rejections'].sort());
    expect(keysOf(facts.quarantined[0])).toEqual(keysOf(status.quarantined[0]));
  });

  it('converts each field as its table says, and leaves out what it marks so', () => {
    const converters: FieldConverters<{ a: number; b?: Date; c: string }, { a: number; b?: string }> = {
      a: asIs,
      b: (b) => b?.toISOString(),
      c: LEFT_OUT,
    };
    expect(reshape({ a: 1, b: at, c: 'x' }, converters)).toEqual({ a: 1, b: '2026-01-02T03:04:05.000Z' });
  });

  it('does not compile a table that forgets a field of the status', () => {
    // @ts-expect-error `unknownKeys` is neither converted nor left out: a new status field cannot be forgotten.
    const forgetful: FieldConverters<ConfigStatus, ConfigStatusReport> = {
      state: asIs,
      version: asIs,
      hash: asIs,
      appliedAt: asIs,
      sources: asIs,
      quarantined: asIs,
    };
    expect(keysOf(reshape(status, forgetful))).not.toContain('unknownKeys');
  });
});
