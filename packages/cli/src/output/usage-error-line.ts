/**
 * A usage error from the argument parser (commander) as the CLI prints its other errors: one line
 * after `config-center: `, with commander's own suggestion folded in and each name quoted:
 * `error: unknown command 'pubish'\n(Did you mean publish?)` →
 * `config-center: unknown command 'pubish' (did you mean 'publish'?)`. Text in another shape
 * (a later commander) is kept, only joined into one line, so nothing it says is lost.
 *
 * Given to commander's `configureOutput({ outputError })`, the hook it documents for this.
 */
export function usageErrorLine(text: string): string {
  const [first = '', ...rest] = text.trim().split('\n');
  const message = first.replace(/^error: /, '');
  const hint = rest.join(' ').trim();
  const suggestion = /^\(Did you mean (one of )?(.+)\?\)$/.exec(hint);
  if (!suggestion) return `config-center: ${[message, hint].filter(Boolean).join(' ')}\n`;
  const names = suggestion[2].split(', ').map((name) => `'${name}'`);
  return `config-center: ${message} (did you mean ${suggestion[1] ?? ''}${names.join(', ')}?)\n`;
}
