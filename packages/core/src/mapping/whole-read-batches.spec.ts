import { heldBackError, WholeReadBatches, type ReadKey } from './whole-read-batches';

const read = (keys: Record<string, string>): ReadKey[] => Object.entries(keys).map(([key, raw]) => ({ key, raw }));

describe('WholeReadBatches', () => {
  it('leaves an unreadable key out of a fresh load and reports it; the others load', () => {
    const { tree, problems } = new WholeReadBatches().load(read({ ok: '1', 'doc.json': '{"secret": BROKEN' }));
    expect(tree).toEqual({ ok: '1' });
    expect(problems).toEqual([{ key: 'doc.json', problem: expect.stringMatching(/malformed JSON/) }]);
    expect(JSON.stringify(problems)).not.toContain('BROKEN');
  });

  it('holds back a read that changed a key to one that cannot be read, and applies its readable keys with the next', () => {
    const batches = new WholeReadBatches();
    batches.load(read({ ok: '1', 'doc.json': '{"v":"1"}' }));
    const held = batches.next(read({ ok: '2', 'doc.json': '{"v": BROKEN' }));
    expect(held).toEqual({ held: true, problems: [{ key: 'doc.json', problem: expect.stringMatching(/malformed JSON/) }] });
    const next = batches.next(read({ ok: '2', 'doc.json': '{"v": BROKEN', more: '1' }));
    expect(next).toEqual({ held: false, tree: { ok: '2', doc: { v: '1' }, more: '1' }, problems: [] });
  });

  it('keeps the last good value until the key is fixed or deleted, and forgets it once deleted', () => {
    const batches = new WholeReadBatches();
    batches.load(read({ 'doc.json': '{"v":"1"}' }));
    batches.next(read({ 'doc.json': '[' }));
    expect(batches.next(read({ 'doc.json': '[', other: '1' }))).toMatchObject({ tree: { doc: { v: '1' }, other: '1' } });
    expect(batches.next(read({ other: '1' }))).toMatchObject({ held: false, tree: { other: '1' } });
    expect(batches.next(read({ other: '1', 'doc.json': '[' }))).toMatchObject({ held: true });
    expect(batches.next(read({ other: '2', 'doc.json': '[' }))).toMatchObject({ held: false, tree: { other: '2' } });
  });

  it('holds back a read with a key that could not be read at all, once, while it stays so', () => {
    const batches = new WholeReadBatches();
    batches.load(read({ a: '1' }));
    const skipped: ReadKey = { key: 'deep', raw: '', problem: 'too deep' };
    expect(batches.next([...read({ a: '2' }), skipped])).toEqual({ held: true, problems: [{ key: 'deep', problem: 'too deep' }] });
    expect(batches.next([...read({ a: '3' }), skipped])).toEqual({ held: false, tree: { a: '3' }, problems: [] });
  });

  it('builds the tree by the key mapper rule: of keys on one path the last in key order wins, whatever the read order', () => {
    const keys = read({ 'a.yaml': 'from: yaml', a: 'plain', 'a.json': '{"from":"json"}', 'a/b': '1' });
    expect(new WholeReadBatches().load(keys).tree).toEqual({ a: { from: 'yaml', b: '1' } });
    expect(new WholeReadBatches().load([...keys].reverse()).tree).toEqual({ a: { from: 'yaml', b: '1' } });
  });

  it('compares byte values by content', () => {
    const batches = new WholeReadBatches();
    batches.load([{ key: 'bin', raw: Buffer.from([0x6f, 0xff]) }]);
    expect(batches.next([{ key: 'bin', raw: Buffer.from([0x6f, 0xff]) }])).toEqual({ held: false, tree: {}, problems: [] });
    expect(batches.next([{ key: 'bin', raw: Buffer.from([0x6f, 0xfe]) }])).toMatchObject({ held: true });
  });
});

describe('heldBackError', () => {
  it('names the source, the first key, how many more and what was not applied', () => {
    const error = heldBackError(
      'consul:app/',
      [
        { key: 'app/a.json', problem: 'malformed JSON' },
        { key: 'app/b', problem: 'empty segment' },
      ],
      'index 12 not applied',
    );
    expect(error.message).toContain('app/a.json');
    expect(error.message).toContain('malformed JSON; 1 more key(s) cannot be read either (index 12 not applied)');
  });
});
