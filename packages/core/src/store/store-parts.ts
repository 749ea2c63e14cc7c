import { CacheWriter } from '../cache/cache-writer';
import type { ConfigCenterModuleOptions } from '../interfaces/config-center-options.interface';
import { DEFAULT_INPUT_LIMITS } from '../parsing/input-limits';
import { InstanceReporting } from '../reporting/instance-reporting';
import { LiveReferences } from '../secrets/live-references';
import { WatchedKeyring } from '../secrets/watched-keyring';
import { BatchApplier } from './batch-applier';
import { ChangeLog } from './change-log';
import { ContentHasher } from './content-hash';
import { Quarantine } from './quarantine';
import { SecretWatch } from './secret-watch';
import { SectionRegistry } from './section-registry';
import { SnapshotHolder } from './snapshot-holder';
import type { SourceHost } from './source-connection';
import { SourceSupervisor } from './source-supervisor';
import { StartupLoader } from './startup-loader';
import { StatusBoard } from './status-board';

/** The parts of a `ConfigStore`, each with one job, wired to one another. */
export interface StoreParts {
  /** The one mutable reference; only the applier writes it. */
  readonly holder: SnapshotHolder;
  readonly sections: SectionRegistry;
  readonly supervisor: SourceSupervisor;
  readonly board: StatusBoard;
  readonly cache: CacheWriter | undefined;
  readonly applier: BatchApplier;
  readonly loader: StartupLoader;
  readonly reporting: InstanceReporting;
  /** Follows the key directory: a key that arrives releases the sections waiting on it. */
  readonly secrets: SecretWatch;
}

/**
 * Builds the parts of a store for `options`. A source's connection hands its batches to the
 * applier and its errors and state changes to the status board; the applier answers each batch
 * with its outcome, which the connection records.
 */
export function storeParts(options: ConfigCenterModuleOptions): StoreParts {
  // Keys first: a bad key fails startup before any source is made.
  const keyring = new WatchedKeyring(options.secrets ?? {});
  const sources = typeof options.sources === 'function' ? options.sources() : options.sources;
  const log = new ChangeLog();
  // The connections exist before the applier and the board they report to: the host reaches them once they do.
  const host: SourceHost = {
    submit: (connection, batch) => parts.applier.submit(connection, batch),
    sourceError: (source, error) => parts.board.sourceError(source, error),
    stateChanged: (source, from, to) => {
      log.stateChanged(source, from, to);
      parts.board.changed();
    },
  };
  const supervisor = new SourceSupervisor(sources, host, options.retry);
  const references = options.secrets?.references ? new LiveReferences() : undefined;
  const sections = new SectionRegistry(options.unknownKeys ?? 'warn', options.ignoreKeys, keyring, references);
  for (const type of options.sections ?? []) sections.register(type);
  const limits = { ...DEFAULT_INPUT_LIMITS, ...options.limits };
  const holder = new SnapshotHolder();
  const quarantine = new Quarantine();
  const hasher = new ContentHasher(options.hashKey);
  const board = new StatusBoard({ served: holder, sources: supervisor, quarantine, sections, hasher, keyring });
  const cache = options.cache && new CacheWriter(options.cache.path, limits, (source, error) => board.report(source, error));
  const { connections } = supervisor;
  const applier = new BatchApplier({ holder, connections, sections, quarantine, board, log, cache, limits });
  const loader = new StartupLoader({ options, limits, supervisor, sections, cache, board, applier, served: holder });
  const reporting = new InstanceReporting(sources, board.status$, board.errors$);
  const secrets = new SecretWatch({ keyring, references }, { applier, quarantine, board });
  const parts: StoreParts = { holder, sections, supervisor, board, cache, applier, loader, reporting, secrets };
  return parts;
}
