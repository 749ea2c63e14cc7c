import { printable } from './printable-text';

describe('printable', () => {
  it('shows control characters, DEL, C1 and bidi marks as escapes and leaves the rest', () => {
    expect(printable('a\x1b[2Jb')).toBe('a\\x1b[2Jb');
    expect(printable('id\nforged line\r\t')).toBe('id\\nforged line\\r\\t');
    expect(printable('\x00\x7f\x9b')).toBe('\\x00\\x7f\\x9b');
    expect(printable('user\u202Etxt.exe')).toBe('user\\u202etxt.exe');
    expect(printable('zone=eu-1 ünïcode ✓ \\x1b')).toBe('zone=eu-1 ünïcode ✓ \\x1b');
  });

  it('is idempotent', () => {
    const once = printable('a\x1b]0;title\x07b');
    expect(printable(once)).toBe(once);
  });
});
