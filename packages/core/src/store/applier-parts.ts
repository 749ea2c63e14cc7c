import type { CacheWriter } from '../cache/cache-writer';
import type { InputLimits } from '../interfaces/config-center-options.interface';
import type { ChangeLog } from './change-log';
import type { Quarantine } from './quarantine';
import type { SectionRegistry } from './section-registry';
import type { SnapshotHolder } from './snapshot-holder';
import type { SourceConnection } from './source-connection';
import type { StatusBoard } from './status-board';

/** What the applier works with. It alone writes the snapshot holder. */
export interface ApplierParts {
  readonly holder: SnapshotHolder;
  readonly connections: readonly SourceConnection[];
  readonly sections: SectionRegistry;
  readonly quarantine: Quarantine;
  readonly board: StatusBoard;
  readonly log: ChangeLog;
  readonly cache: CacheWriter | undefined;
  readonly limits: Required<InputLimits>;
}
