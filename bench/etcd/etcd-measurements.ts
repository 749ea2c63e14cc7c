import type { BurstFigures } from './etcd-burst-writer';
import type { StormFigures } from './etcd-outage-storm';
import type { FanoutSide } from './etcd-fanout';
import type { SoakFigures } from './etcd-soak';
import type { PropagationSamples } from './etcd-propagation';

/** One initial-load worker's figures: its first (cold) load and the repeats after it. */
export interface LoadFigures {
  readonly coldMs: number;
  readonly warmMs: number[];
  /** The longest event-loop block during the first load. */
  readonly coldBlockMs: number;
}

/** One round of the initial load: a raw and a library worker. */
export interface InitialLoadRound {
  readonly raw: LoadFigures;
  readonly library: LoadFigures;
}

/** Everything the etcd benchmark measured. */
export interface EtcdMeasurements {
  readonly propagation: PropagationSamples;
  readonly initialLoad: InitialLoadRound[];
  /** Per section width: the warm-up burst, then the measured one. */
  readonly bursts: BurstFigures[][];
  readonly storm: StormFigures;
  readonly soak: SoakFigures;
  readonly fanout: { readonly watchers: number; readonly raw: FanoutSide; readonly library: FanoutSide };
}
