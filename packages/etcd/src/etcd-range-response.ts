import type { KeyChange } from './etcd-key-index';
import type { PrefixRead } from './etcd-prefix-read';

/** A range response the decoder cannot read: the caller reads the prefix through etcd3 instead. */
export class UndecodableRangeResponse extends Error {}

/** Tags (field number << 3 | wire type) of the fields read; every other field is skipped. */
const RESPONSE_HEADER = (1 << 3) | 2;
const RESPONSE_KVS = (2 << 3) | 2;
const HEADER_REVISION = (3 << 3) | 0;
const KV_KEY = (1 << 3) | 2;
const KV_MOD_REVISION = (3 << 3) | 0;
const KV_VALUE = (5 << 3) | 2;

/**
 * Decodes etcd's `RangeResponse` (`etcdserverpb`, API v3) from its protobuf bytes: the header's
 * revision, and for each key under `keyPrefix` (bytes, with any namespace) its key relative to the
 * prefix, its value as UTF-8 text and its mod revision — the `KeyChange`s `toKeyChange` makes of
 * etcd3's decoded response. Every other field is skipped. Keys outside the prefix are left out.
 * Throws `UndecodableRangeResponse` for bytes that are not a well-formed response.
 */
export function decodeRangeResponse(bytes: Buffer, keyPrefix: Buffer): PrefixRead {
  const reader = new WireReader(bytes);
  const keys: KeyChange[] = [];
  let revision = 0;
  while (reader.pos < bytes.length) {
    const tag = reader.varint();
    if (tag === RESPONSE_HEADER) {
      revision = readHeaderRevision(reader, reader.length());
    } else if (tag === RESPONSE_KVS) {
      const change = readKeyValue(reader, reader.length(), keyPrefix);
      if (change) keys.push(change);
    } else {
      reader.skip(tag);
    }
  }
  if (!revision) throw new UndecodableRangeResponse('the range response has no revision in its header');
  return { revision, keys };
}

function readHeaderRevision(reader: WireReader, end: number): number {
  let revision = 0;
  while (reader.pos < end) {
    const tag = reader.varint();
    if (tag === HEADER_REVISION) revision = reader.varint();
    else reader.skip(tag);
  }
  reader.expectAt(end);
  return revision;
}

function readKeyValue(reader: WireReader, end: number, keyPrefix: Buffer): KeyChange | undefined {
  let key: string | undefined;
  let value = '';
  let modRevision = 0;
  while (reader.pos < end) {
    const tag = reader.varint();
    if (tag === KV_KEY) {
      const keyEnd = reader.length();
      key = reader.hasPrefix(keyPrefix, keyEnd) ? reader.text(reader.pos + keyPrefix.length, keyEnd) : undefined;
      reader.pos = keyEnd;
    } else if (tag === KV_VALUE) {
      const valueEnd = reader.length();
      value = reader.text(reader.pos, valueEnd);
      reader.pos = valueEnd;
    } else if (tag === KV_MOD_REVISION) {
      modRevision = reader.varint();
    } else {
      reader.skip(tag);
    }
  }
  reader.expectAt(end);
  return key === undefined ? undefined : { key, value, modRevision };
}

/** A cursor over protobuf wire-format bytes; every read is bounds-checked. */
class WireReader {
  pos = 0;

  constructor(private readonly bytes: Buffer) {}

  /** An unsigned varint, exact up to 2^53 (revisions); a longer one than 10 bytes is malformed. */
  varint(): number {
    let value = 0;
    for (let scale = 1, read = 0; read < 10; scale *= 128, read++) {
      if (this.pos >= this.bytes.length) throw new UndecodableRangeResponse('a varint runs past the end of the response');
      const byte = this.bytes[this.pos++];
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
    }
    throw new UndecodableRangeResponse('a varint is longer than 10 bytes');
  }

  /** Reads a length prefix; returns where the length-delimited field ends. */
  length(): number {
    const length = this.varint();
    const end = this.pos + length;
    if (end > this.bytes.length) throw new UndecodableRangeResponse('a field runs past the end of the response');
    return end;
  }

  /** Skips the value of a field with `tag`, by its wire type. */
  skip(tag: number): void {
    const wireType = tag & 7;
    if (wireType === 0) this.varint();
    else if (wireType === 2) this.pos = this.length();
    else if (wireType === 1 || wireType === 5) this.pos += wireType === 1 ? 8 : 4;
    else throw new UndecodableRangeResponse(`unexpected wire type ${wireType}`);
    if (this.pos > this.bytes.length) throw new UndecodableRangeResponse('a field runs past the end of the response');
  }

  /** Whether the bytes from here to `end` start with `prefix`. */
  hasPrefix(prefix: Buffer, end: number): boolean {
    if (end - this.pos < prefix.length) return false;
    for (let i = 0; i < prefix.length; i++) if (this.bytes[this.pos + i] !== prefix[i]) return false;
    return true;
  }

  /** `toString('utf8', start, end)`; Node's own `utf8Slice` where it has one, without `toString`'s argument handling. */
  text(start: number, end: number): string {
    const buffer = this.bytes as Buffer & { utf8Slice?: (start: number, end: number) => string };
    return buffer.utf8Slice ? buffer.utf8Slice(start, end) : buffer.toString('utf8', start, end);
  }

  /** An embedded message must end exactly where its length said. */
  expectAt(end: number): void {
    if (this.pos !== end) throw new UndecodableRangeResponse('an embedded message overruns its length');
  }
}
