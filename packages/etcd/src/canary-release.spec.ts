import { CANARY_RELEASE_FORMAT, parseCanaryRelease, type CanaryRelease } from './canary-release';

const release: CanaryRelease = {
  format: CANARY_RELEASE_FORMAT,
  releaseId: 'canary-1',
  selector: { labels: { zone: 'a' } },
  keys: { 'limits/max': '7' },
  message: 'try 7',
  author: 'ci-bot',
  baseVersion: 3,
  startedAt: '2026-01-01T00:00:00.000Z',
};
const parse = (value: unknown) => parseCanaryRelease(JSON.stringify(value));

describe('parseCanaryRelease', () => {
  it('reads a labels or a percent release', () => {
    expect(parse(release)).toEqual(release);
    expect(parse({ ...release, selector: { percent: 10 } })).toEqual({ ...release, selector: { percent: 10 } });
  });

  it('names the field of a malformed record, never its content', () => {
    expect(parseCanaryRelease('{')).toEqual({ problem: 'not JSON' });
    expect(parse({ ...release, format: 2 })).toEqual({ problem: 'format 2 is not 1' });
    expect(parse({ ...release, selector: { percent: 0 } })).toEqual({ problem: "field 'selector' is missing or of the wrong shape" });
    expect(parse({ ...release, selector: { percent: 10, labels: { zone: 'a' } } })).toMatchObject({
      problem: expect.stringContaining('selector'),
    });
    expect(parse({ ...release, selector: { labels: {} } })).toMatchObject({ problem: expect.stringContaining('selector') });
    expect(parse({ ...release, keys: { 'limits/max': 7 } })).toEqual({ problem: "field 'keys' is missing or of the wrong shape" });
  });
});
