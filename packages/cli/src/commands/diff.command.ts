import { countOf } from '../output/progress';
import { readProposal } from '../proposal';
import type { CliSettings } from '../settings/cli-settings.interface';
import type { Paint } from '../output/terminal-style';
import { requireEtcd } from './backend-of';
import { diffKeys, type DiffValue, type KeyDiff } from './key-diff';

/** `diff FILE|DIR`: the keys a publish of the proposal would add, change and remove under the prefix in etcd. */
export async function diffCommand(settings: CliSettings, target: string, cwd: string, showValues: boolean): Promise<KeyDiff> {
  const proposal = await readProposal(target, cwd);
  const backend = requireEtcd(settings, 'diff');
  try {
    const live = await backend.readKeys();
    settings.progress?.report(`reading ${backend.prefix} … ${countOf(live.size, 'key')}`);
    return diffKeys(backend.prefix, live, proposal.keys, showValues);
  } finally {
    backend.close();
  }
}

const MARKS = { added: ['+', 'green'], changed: ['~', 'yellow'], removed: ['-', 'red'] } as const;

/** The diff as lines: one per key (`+ rateLimit/limit  #1a2b3c4d`), then a summary. */
export function formatDiff(diff: KeyDiff, paint: Paint): string[] {
  const show = (value: DiffValue | undefined) => (value?.value !== undefined ? JSON.stringify(value.value) : `#${value?.hash}`);
  const lines = diff.changes.map(({ kind, key, before, after }) => {
    const [mark, colour] = MARKS[kind];
    const detail = kind === 'added' ? show(after) : kind === 'removed' ? show(before) : `${show(before)} → ${show(after)}`;
    return paint(colour, `${mark} ${key}  `) + paint('dim', detail);
  });
  const count = (kind: string) => diff.changes.filter((change) => change.kind === kind).length;
  lines.push(
    `${diff.prefix}: ${count('added')} added, ${count('changed')} changed, ${count('removed')} removed, ${diff.unchanged} unchanged`,
  );
  return lines;
}
