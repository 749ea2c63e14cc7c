import { PassThrough } from 'node:stream';
import { countOf, progressOn } from './progress';

/** A stream that records what is written, a terminal or not. */
function stream(isTTY: boolean): PassThrough & { isTTY: boolean; text(): string } {
  const written: Buffer[] = [];
  const passThrough = Object.assign(new PassThrough(), { isTTY, text: () => Buffer.concat(written).toString('utf8') });
  passThrough.on('data', (chunk: Buffer) => written.push(chunk));
  return passThrough;
}

describe('progressOn', () => {
  it.each([
    ['a terminal', true, {}, false, 'committing…\n'],
    ['a pipe', false, {}, false, ''],
    ['a terminal with --json', true, {}, true, ''],
    ['a pipe with CONFIG_CENTER_PROGRESS=1', false, { CONFIG_CENTER_PROGRESS: '1' }, false, 'committing…\n'],
    ['a pipe with CONFIG_CENTER_PROGRESS=1 and --json', false, { CONFIG_CENTER_PROGRESS: '1' }, true, ''],
    ['a terminal with CONFIG_CENTER_PROGRESS=0', true, { CONFIG_CENTER_PROGRESS: '0' }, false, ''],
  ])('on %s writes %j', (_case, isTTY, env, json, expected) => {
    const stderr = stream(isTTY);
    progressOn(stderr, env, json).report('committing…');
    expect(stderr.text()).toBe(expected);
  });

  it('counts with thousands separators and a plural', () => {
    expect([countOf(10_000, 'key'), countOf(1, 'key'), countOf(0, 'section')]).toEqual(['10,000 keys', '1 key', '0 sections']);
  });
});
