import { YAMLParseError, type ErrorCode } from 'yaml';

/**
 * What each error code of the `yaml` package means, in words of our own: the package's messages
 * quote the lines around the error (and some the text itself), which may hold a secret, so the
 * reason is worded from the public `code` alone.
 */
const REASONS: Record<ErrorCode, string> = {
  ALIAS_PROPS: 'an alias cannot have an anchor or a tag',
  BAD_ALIAS: 'an alias is not valid here',
  BAD_DIRECTIVE: 'a directive (%YAML, %TAG) is not valid',
  BAD_DQ_ESCAPE: 'a double-quoted string holds an invalid escape sequence',
  BAD_INDENT: 'a line is not indented as its block needs, or a flow collection ([...] or {...}) is not closed',
  BAD_PROP_ORDER: 'an anchor or a tag is not in a valid place',
  BAD_SCALAR_START: 'a plain value cannot start with this character (quote the value)',
  BLOCK_AS_IMPLICIT_KEY: 'a nested mapping cannot start on the line of a key and value (a missing line break?)',
  BLOCK_IN_FLOW: 'a block collection cannot be inside a flow collection ([...] or {...})',
  DUPLICATE_KEY: 'a key appears twice in the same mapping',
  IMPOSSIBLE: 'the parser cannot go on from here',
  KEY_OVER_1024_CHARS: 'an implicit key is longer than 1024 characters',
  MISSING_CHAR: 'a closing quote or bracket is missing',
  MULTILINE_IMPLICIT_KEY: 'a key runs over more than one line (a missing colon or quote?)',
  MULTIPLE_ANCHORS: 'a node has more than one anchor',
  MULTIPLE_DOCS: 'the text holds more than one YAML document (---); one is read',
  MULTIPLE_TAGS: 'a node has more than one tag',
  NON_STRING_KEY: 'a key is not text',
  RESOURCE_EXHAUSTION: 'aliases expand past the limit',
  TAB_AS_INDENT: 'a tab indents a line; YAML indents with spaces',
  TAG_RESOLVE_FAILED: 'a tagged value cannot be read as its tag says',
  UNEXPECTED_TOKEN: 'unexpected text here (a missing colon, quote or indentation?)',
  BAD_COLLECTION_TYPE: 'a collection is tagged with a type it cannot have',
};

/**
 * Why and where a YAML document could not be read, without the text around it: `YAML syntax error
 * at line 3, column 5: a closing quote or bracket is missing (MISSING_CHAR)`. Line and column are
 * those of the document the parser was given (a file, or one key's value).
 */
export function yamlErrorReason(error: unknown): string {
  if (error instanceof YAMLParseError) {
    const start = error.linePos?.[0];
    const where = start ? ` at line ${start.line}, column ${start.col}` : '';
    return `YAML syntax error${where}: ${REASONS[error.code] ?? 'the text is not valid YAML'} (${error.code})`;
  }
  // The package throws a ReferenceError, with no position and with the alias's name, when it resolves aliases.
  if (error instanceof ReferenceError) return 'YAML syntax error: an alias names no anchor set before it, or aliases expand past the limit';
  return 'malformed YAML';
}
