import type { InstanceReport } from '@config-center/etcd/control';
import { formatRollout, formatTotals } from './rollout-format';
import { VersionTimeline } from './instance-version';
import { rolloutView } from './rollout-view';

const prefix = '/configs/orders/';
const at = '2026-12-02T10:00:00.000Z';

/** A report whose source of the prefix applied `revision`; `extra` overrides fields. */
function report(instanceId: string, revision: string | undefined, extra: Partial<InstanceReport> = {}): InstanceReport {
  return {
    format: 1,
    instanceId,
    host: 'h',
    pid: 1,
    labels: { zone: 'a' },
    startedAt: at,
    state: 'ready',
    version: 1,
    sources: [{ name: `etcd:${prefix}`, state: 'connected', revision }],
    quarantined: [],
    rejections: [],
    ...extra,
  };
}

/** Versions 1, 2, 3 committed at revisions 10, 20, 30; a live key written outside the CLI at 35. */
const timeline = new VersionTimeline(
  [
    { version: 2, revision: '20', hash: 'sha256:2' },
    { version: 1, revision: '10', hash: 'sha256:1' },
    { version: 3, revision: '30', hash: 'sha256:3' },
  ],
  [30, 35],
);
const issue = { path: 'rateLimit.limit', constraint: 'must not be less than 1' };

describe('rollout view', () => {
  it('places an instance on a later version with the same content that wrote no key (a rollback to what is live)', () => {
    const records = [
      { version: 1, revision: '10', hash: 'sha256:a' },
      { version: 2, revision: '20', hash: 'sha256:b' },
      { version: 3, revision: '30', hash: 'sha256:b' },
    ];
    expect(new VersionTimeline(records, [20]).versionAt(22)).toBe(3);
    expect(new VersionTimeline(records, [20]).versionAt(10)).toBe(1);
    // A key written outside the CLI after the instance's revision and before version 3: it may not hold version 3's content.
    expect(new VersionTimeline(records, [20, 25]).versionAt(22)).toBe(2);
  });

  it('places each instance by the revision it applied: applied, behind, ahead, before v1, unknown, outside changes', () => {
    const view = rolloutView(
      {
        reports: [
          report('on-3', '34'),
          report('on-3-outside', '35'),
          report('on-2', '29'),
          report('before', '9'),
          report('no-revision', undefined),
          report('other-source', '30', {
            sources: [
              { name: 'file', state: 'connected' },
              { name: 'etcd-custom', state: 'connected', revision: '30' },
            ],
          }),
        ],
        problems: [],
        revision: '40',
        writtenAt: new Map(),
      },
      prefix,
      timeline,
      3,
    );
    expect(view.instances.map(({ instanceId, version, outsideChanges, state }) => [instanceId, version, outsideChanges, state])).toEqual([
      ['on-3', 3, false, 'applied'],
      ['on-3-outside', 3, true, 'applied'],
      ['on-2', 2, false, 'behind'],
      ['before', 0, false, 'behind'],
      ['no-revision', undefined, false, 'unknown'],
      ['other-source', 3, false, 'applied'],
    ]);
    expect(formatTotals(view.totals, 3)).toBe('3/6 applied v3, 1 on v2, 1 before v1, 1 unknown');
    expect(formatRollout(view)).toContainEqual(expect.stringMatching(/^on-3-outside +zone=a +v3 \+ outside changes +applied$/));
  });

  it('counts a rejection of the version, or a quarantine it caused, as rejected; an older version is ahead of it', () => {
    const rejection = { source: `etcd:${prefix}`, revision: '30', kind: 'validation' as const, issues: [issue], at };
    const quarantine = { section: 'rateLimit', source: `etcd:${prefix}`, issues: [issue], since: at };
    const read = {
      reports: [
        report('rejected', '20', { rejections: [rejection] }),
        report('quarantined', '35', { rejections: [rejection], quarantined: [quarantine] }),
        report('fine', '30'),
      ],
      problems: [{ key: '/x/instances/bad', problem: 'not JSON' }],
      revision: '40',
      writtenAt: new Map(),
    };
    const latest = rolloutView(read, prefix, timeline, 3);
    expect(latest.instances.map(({ state, why }) => [state, why])).toEqual([
      ['rejected', ['rateLimit.limit: must not be less than 1']],
      ['rejected', ['rateLimit.limit: must not be less than 1']],
      ['applied', []],
    ]);
    expect(formatTotals(latest.totals, 3)).toBe('1/3 applied v3, 2 rejected (rateLimit.limit: must not be less than 1)');
    expect(formatRollout(latest)).toContain('unreadable record /x/instances/bad: not JSON');
    // Against version 2, the rejecter runs it whole (the rejection came later); the others are ahead.
    expect(formatTotals(rolloutView(read, prefix, timeline, 2).totals, 2)).toBe('1/3 applied v2, 2 on v3');
  });

  it('ignores what a record names at or above the revision it was written at: a rejection never published, a revision never applied', () => {
    // Written at 25, before version 3 (30): a rejection "at 31" names a version the writer never saw.
    const rejection = { source: `etcd:${prefix}`, revision: '31', kind: 'validation' as const, issues: [issue], at };
    const read = {
      reports: [report('forged-rejection', '20', { rejections: [rejection] }), report('forged-ahead', '999'), report('real', '34')],
      problems: [],
      revision: '40',
      writtenAt: new Map([
        ['forged-rejection', '25'],
        ['forged-ahead', '26'],
        ['real', '36'],
      ]),
    };
    expect(rolloutView(read, prefix, timeline, 3).instances.map(({ instanceId, state }) => [instanceId, state])).toEqual([
      ['forged-rejection', 'behind'],
      ['forged-ahead', 'unknown'],
      ['real', 'applied'],
    ]);
  });
});
