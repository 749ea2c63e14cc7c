/**
 * What can make the config health check `down`: a source in that state (`failed`: it has no
 * config and is retrying; `cached`: it serves its slice of the last-good cache; `reconnecting`:
 * it lost its watch), or a quarantined section.
 */
export type ConfigHealthCondition = 'failed' | 'cached' | 'reconnecting' | 'quarantined';

/** How `ConfigCenterHealthIndicator.isHealthy` judges. */
export interface ConfigCenterHealthOptions {
  /**
   * The conditions that report `down`. Default none: an app serving its last good config is alive,
   * so each of them reports `up` with `state: 'degraded'` (HTTP 200) and its details.
   */
  readonly downWhen?: readonly ConfigHealthCondition[];
}
