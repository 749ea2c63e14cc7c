import { boundedInstanceReport, MAX_TEXT_CHARS } from './bounded-instance-report';
import { INSTANCE_REPORT_FORMAT, MAX_INSTANCE_REPORT_BYTES, parseInstanceReport, type InstanceReport } from './instance-report';

const issue = (n: number, length = 30) => ({ path: `section${n}.${'p'.repeat(length)}`, constraint: 'must not be less than 1' });
const rejection = (n: number, issues = 3) => ({
  source: 'etcd:/configs/orders/',
  revision: String(100 + n),
  kind: 'validation' as const,
  issues: Array.from({ length: issues }, (_, i) => issue(i)),
  at: `2026-12-07T09:00:0${n % 10}.000Z`,
});
const report: InstanceReport = {
  format: INSTANCE_REPORT_FORMAT,
  instanceId: 'orders-1',
  host: 'host-1',
  pid: 7,
  labels: { zone: 'a' },
  startedAt: '2026-12-07T08:00:00.000Z',
  state: 'ready',
  version: 3,
  hash: 'sha256:abc',
  sources: [{ name: 'etcd:/configs/orders/', state: 'connected', revision: '120' }],
  quarantined: [{ section: 'cache', source: 'etcd:/configs/orders/', issues: [issue(1)], since: '2026-12-07T09:00:00.000Z' }],
  rejections: [rejection(1), rejection(2)],
};
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('boundedInstanceReport', () => {
  it('leaves a record within the cap as it is', () => {
    expect(boundedInstanceReport(report)).toBe(report);
  });

  it('cuts long paths first, and counts them', () => {
    const long = {
      ...report,
      rejections: [rejection(1, 20).issues.map(() => issue(1, 900))].map((issues) => ({ ...rejection(1), issues })),
    };
    expect(bytes(long)).toBeGreaterThan(MAX_INSTANCE_REPORT_BYTES);
    const bounded = boundedInstanceReport(long);
    expect(bytes(bounded)).toBeLessThanOrEqual(MAX_INSTANCE_REPORT_BYTES);
    expect(bounded.rejections[0].issues).toHaveLength(20);
    expect(bounded.rejections[0].issues[0].path).toBe(`${issue(1, 900).path.slice(0, MAX_TEXT_CHARS)}…`);
    expect(bounded.omitted).toEqual({ rejections: 0, quarantined: 0, issues: 0, texts: 20 });
  });

  it('drops the oldest rejections, then issues past the first, keeping the most recent rejection and the rest of the record', () => {
    const many = { ...report, rejections: Array.from({ length: 10 }, (_, n) => rejection(n, 20)) };
    const bounded = boundedInstanceReport(many, 1200);
    expect(bytes(bounded)).toBeLessThanOrEqual(1200);
    expect(bounded.rejections.at(-1)?.revision).toBe('109');
    expect(bounded.omitted!.rejections + bounded.rejections.length).toBe(10);
    const { rejections, quarantined, omitted, ...kept } = bounded;
    const { rejections: _r, quarantined: _q, ...original } = many;
    expect(kept).toEqual(original);
    expect(quarantined).toEqual(report.quarantined);
    expect(omitted!.issues).toBe(19 * rejections.length);
    expect(parseInstanceReport(JSON.stringify(bounded))).toEqual(bounded);
  });

  it('drops quarantined sections past the cap, and the last rejection only when nothing else is left', () => {
    const quarantined = Array.from({ length: 200 }, (_, n) => ({ ...report.quarantined[0], section: `section${n}` }));
    const bounded = boundedInstanceReport({ ...report, quarantined }, 2048);
    expect(bytes(bounded)).toBeLessThanOrEqual(2048);
    expect(bounded.quarantined.length).toBeGreaterThan(0);
    expect(bounded.quarantined[0].section).toBe('section0');
    expect(bounded.rejections).toHaveLength(1);
    expect(bounded.omitted).toMatchObject({ rejections: 1, quarantined: 200 - bounded.quarantined.length });
  });
});
