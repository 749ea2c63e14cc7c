import { decodeRangeResponse, UndecodableRangeResponse } from './etcd-range-response';

/** Protobuf wire format, written out by hand for the cases etcd does not produce on demand. */
const varint = (value: number | bigint): number[] => {
  const bytes: number[] = [];
  let rest = BigInt(value);
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest ? low | 0x80 : low);
  } while (rest);
  return bytes;
};
const tag = (field: number, wireType: number) => varint((field << 3) | wireType);
const uint = (field: number, value: number | bigint) => [...tag(field, 0), ...varint(value)];
const bytes = (field: number, content: number[] | string) => {
  const body = typeof content === 'string' ? [...Buffer.from(content, 'utf8')] : content;
  return [...tag(field, 2), ...varint(body.length), ...body];
};
const header = (revision: number | bigint) => bytes(1, [...uint(1, 2n ** 64n - 1n), ...uint(2, 7), ...uint(3, revision), ...uint(4, 3)]);
const keyValue = (key: string, value: string, modRevision: number) =>
  bytes(2, [...bytes(1, key), ...uint(2, 1), ...uint(3, modRevision), ...uint(4, 2), ...(value ? bytes(5, value) : []), ...uint(6, 0)]);
const decode = (message: number[], prefix = '/app/') => decodeRangeResponse(Buffer.from(message), Buffer.from(prefix, 'utf8'));

describe('decodeRangeResponse', () => {
  it("reads the header's revision and each key relative to the prefix, its value and mod revision", () => {
    const message = [
      ...header(42),
      ...keyValue('/app/rateLimit/limit', '5', 40),
      ...keyValue('/app/db.yaml', 'host: x\n', 41),
      ...uint(3, 0),
      ...uint(4, 2),
    ];
    expect(decode(message)).toEqual({
      revision: 42,
      keys: [
        { key: 'rateLimit/limit', value: '5', modRevision: 40 },
        { key: 'db.yaml', value: 'host: x\n', modRevision: 41 },
      ],
    });
  });

  it('reads an empty value (left out on the wire), UTF-8 text and revisions beyond 32 bits', () => {
    const message = [...header(2 ** 40 + 5), ...keyValue('/app/empty', '', 2 ** 33), ...keyValue('/app/grüße/名前', 'café ☕', 9)];
    expect(decode(message)).toEqual({
      revision: 2 ** 40 + 5,
      keys: [
        { key: 'empty', value: '', modRevision: 2 ** 33 },
        { key: 'grüße/名前', value: 'café ☕', modRevision: 9 },
      ],
    });
  });

  it('skips fields it does not read, of every wire type and with many-byte tags', () => {
    const unknown = [...uint(1000, 5), ...tag(17, 1), 1, 2, 3, 4, 5, 6, 7, 8, ...tag(18, 5), 1, 2, 3, 4, ...bytes(19, 'ignored')];
    const kv = bytes(2, [...unknown, ...bytes(1, '/app/a'), ...unknown, ...bytes(5, '1'), ...uint(3, 8)]);
    expect(decode([...unknown, ...header(9), ...unknown, ...kv])).toEqual({
      revision: 9,
      keys: [{ key: 'a', value: '1', modRevision: 8 }],
    });
  });

  it('leaves out keys outside the prefix, with a namespace as part of the prefix', () => {
    const message = [...header(5), ...keyValue('ns/app/a', '1', 3), ...keyValue('ns/apple', '2', 4), ...keyValue('/app/b', '3', 4)];
    expect(decode(message, 'ns/app/').keys).toEqual([{ key: 'a', value: '1', modRevision: 3 }]);
  });

  it.each([
    ['a response without a revision', [...keyValue('/app/a', '1', 3)]],
    ['a truncated key', [...header(5), ...keyValue('/app/a', '1', 3).slice(0, -4)]],
    ['a truncated varint', [...header(5), 0x18, 0x80]],
    ['a varint of 11 bytes', [...header(5), 0x18, ...Array(10).fill(0x80), 1]],
    ['a group (wire type 3)', [...header(5), ...tag(9, 3)]],
    ['a key value longer than its length', [...header(5), ...tag(2, 2), 2, ...uint(3, 300)]],
  ])('refuses %s', (_name, message) => {
    expect(() => decode(message)).toThrow(UndecodableRangeResponse);
  });
});
