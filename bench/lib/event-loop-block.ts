import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Follows the event loop while some work runs, through Node's `monitorEventLoopDelay` (a native
 * 1 ms timer): the longest gap between two of its ticks is the longest time the loop was blocked,
 * give or take a millisecond. Start it just before the work, read it just after.
 */
export class EventLoopBlockProbe {
  private readonly histogram = monitorEventLoopDelay({ resolution: 1 });

  private constructor() {
    this.histogram.enable();
  }

  /** A probe already running. */
  static start(): EventLoopBlockProbe {
    return new EventLoopBlockProbe();
  }

  /** Stops the probe; the longest block seen since `start()`, in milliseconds. */
  stop(): number {
    this.histogram.disable();
    return this.histogram.count ? this.histogram.max / 1e6 : 0;
  }
}
