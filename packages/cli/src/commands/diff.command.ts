import { planPublish } from '../backend/publish-plan';
import { readOutsideChanges, describeOutsideChanges, type OutsideChanges } from '../history/outside-changes';
import { countOf } from '../output/progress';
import { readProposal } from '../proposal';
import type { CliSettings } from '../settings/cli-settings.interface';
import type { Paint } from '../output/terminal-style';
import type { SecretView } from '../output/stored-value';
import { backendOf } from './backend-of';
import { checkDiffSecrets, formatDiffSecrets, type DiffSecrets } from './diff-secrets';
import { diffKeys, type DiffValue, type KeyDiff } from './key-diff';

/** A proposal's diff against the live keys, and how those differ from the last version (changes made outside the CLI). */
export interface ProposalDiff extends KeyDiff {
  readonly changedOutside?: OutsideChanges;
  /** The `enc:` values the publish would write: those not checked (no keys at hand) and those that fail. */
  readonly secrets: DiffSecrets;
}

/**
 * `diff FILE|DIR [--prune]`: the keys the same `publish` of the proposal would add, change and
 * remove under the prefix in etcd or Consul (without `--prune`, live keys the proposal does not hold stay).
 */
export async function diffCommand(
  settings: CliSettings,
  target: string,
  cwd: string,
  options: { readonly showValues: boolean; readonly prune: boolean; readonly view?: SecretView },
): Promise<ProposalDiff> {
  const proposal = await readProposal(target, cwd);
  const backend = backendOf(settings, 'diff');
  try {
    const entries = await backend.readEntries();
    settings.progress?.report(`reading ${backend.prefix} … ${countOf(entries.size, 'key')}`);
    const live = new Map([...entries].map(([key, { value }]) => [key, value]));
    const after = planPublish(entries, proposal.keys, options.prune).content;
    const changedOutside = await readOutsideChanges(backend, entries, options.showValues, settings.hashKey);
    const diff = diffKeys(backend.prefix, live, after, options.showValues, options.view);
    const keyring = settings.keyDir === undefined ? undefined : (await import('./secret-keys')).keyringOfDir(settings.keyDir);
    const secrets = checkDiffSecrets(diff.changes, after, proposal.name, keyring);
    return { ...diff, secrets, ...(changedOutside && { changedOutside }) };
  } finally {
    backend.close();
  }
}

const MARKS = { added: ['+', 'green'], changed: ['~', 'yellow'], removed: ['-', 'red'] } as const;

/** The diff as lines: one per key (`+ rateLimit/limit  #1a2b3c4d`), then a note on changes made outside the CLI, then a summary. */
export function formatDiff(diff: KeyDiff & Partial<ProposalDiff>, paint: Paint): string[] {
  const show = (value: DiffValue | undefined) =>
    value?.secret ? value.value! : value?.value !== undefined ? JSON.stringify(value.value) : `#${value?.hash}`;
  const lines = diff.changes.map(({ kind, key, before, after }) => {
    const [mark, colour] = MARKS[kind];
    const detail = kind === 'added' ? show(after) : kind === 'removed' ? show(before) : `${show(before)} → ${show(after)}`;
    return paint(colour, `${mark} ${key}  `) + paint('dim', detail);
  });
  if (diff.secrets) lines.push(...formatDiffSecrets(diff.secrets));
  if (diff.changedOutside) {
    const { since } = diff.changedOutside;
    lines.push(`note: the live state was ${describeOutsideChanges(diff.changedOutside)} (config-center diff ${since} lists them)`);
  }
  const count = (kind: string) => diff.changes.filter((change) => change.kind === kind).length;
  lines.push(
    `${diff.prefix}: ${count('added')} added, ${count('changed')} changed, ${count('removed')} removed, ${diff.unchanged} unchanged`,
  );
  return lines;
}
