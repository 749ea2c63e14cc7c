/**
 * C0 and C1 control characters, DEL, and the Unicode marks that reorder what follows them
 * (bidi embeddings, overrides and isolates): what a terminal acts on instead of showing.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * `text` safe to write to a terminal: each control character shown as its escape (`\x1b`,
 * `\n`, `\u202e`), the rest as is. Instance ids, labels, messages and rejection reasons come from
 * records any instance (or a role that may write `instances/`) can write; raw, an escape sequence
 * in one could clear the screen, forge a line or retitle the terminal. Idempotent: a backslash is
 * not escaped, so text escaped once is left alone. JSON output needs none of this (it escapes
 * control characters itself).
 *
 * @example printable('a\x1b[2Jb') // 'a\\x1b[2Jb'
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => {
    const code = char.codePointAt(0)!;
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    if (char === '\t') return '\\t';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
