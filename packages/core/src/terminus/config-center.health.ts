import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { ConfigCenterService } from '../config-center.service';
import type { ConfigStatus } from '../interfaces/config-status.interface';
import { quarantineReport, sourceReport } from '../status/status-report';
import type { ConfigCenterHealthOptions, ConfigHealthCondition } from './config-center-health-options.interface';

/**
 * A `@nestjs/terminus` health indicator for the config. `isHealthy` is `up` with `state: 'ready'`
 * while every source is connected and no section is quarantined; a source that is `failed`,
 * `cached` or `reconnecting`, or a quarantined section, leaves it `up` with `state: 'degraded'`
 * and a `reason` (an app serving its last good config is alive) unless `downWhen` names it. (The
 * key `status` belongs to terminus, and terminus 11 has no `degraded` result: `state` carries it.) `isReady` is `up` once a config has been applied, never "a change arrived recently". The
 * details name sources, states, paths and constraints (credentials redacted); never a value.
 * Provide it beside `TerminusModule`; it needs a global `ConfigCenterModule`.
 *
 * @example
 * ```ts
 * @Controller('health')
 * class HealthController {
 *   constructor(private readonly health: HealthCheckService, private readonly config: ConfigCenterHealthIndicator) {}
 *
 *   @Get() @HealthCheck()
 *   check() {
 *     return this.health.check([() => this.config.isHealthy('config', { downWhen: ['failed'] })]);
 *   }
 * }
 * ```
 */
@Injectable()
export class ConfigCenterHealthIndicator {
  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(ConfigCenterService) private readonly config: ConfigCenterService,
  ) {}

  /** `up` (`ready` or `degraded`) or `down` (see the class), with the version, hash and what is wrong. */
  isHealthy<const Key extends string = 'config'>(
    key: Key = 'config' as Key,
    options: ConfigCenterHealthOptions = {},
  ): HealthIndicatorResult<Key> {
    const status = this.config.status();
    const session = this.indicators.check(key);
    const found = conditionsOf(status);
    const details = detailsOf(status);
    if (status.version === 0) return session.down({ state: status.state, ...details, reason: 'no config applied yet' });
    const down = found.filter((condition) => options.downWhen?.includes(condition));
    if (down.length) return session.down({ state: status.state, ...details, reason: down.join(', ') });
    return session.up({ state: status.state, ...details, ...(found.length && { reason: found.join(', ') }) });
  }

  /** Readiness: `up` once the module has applied a config (live, cached or defaults), `down` before. */
  isReady<const Key extends string = 'config'>(key: Key = 'config' as Key): HealthIndicatorResult<Key> {
    const { version, hash, appliedAt } = this.config.status();
    const session = this.indicators.check(key);
    return version > 0 ? session.up({ version, hash, appliedAt }) : session.down({ reason: 'no config applied yet' });
  }
}

function conditionsOf(status: ConfigStatus): ConfigHealthCondition[] {
  const states = new Set<ConfigHealthCondition>(status.sources.map((s) => s.state).filter((state) => state !== 'connected'));
  if (status.quarantined.length) states.add('quarantined');
  return (['failed', 'cached', 'reconnecting', 'quarantined'] as const).filter((condition) => states.has(condition));
}

/** The version and hash, and only what is wrong: sources not connected and quarantined sections. */
function detailsOf(status: ConfigStatus) {
  const sources = status.sources.filter((s) => s.state !== 'connected').map(sourceReport);
  const quarantined = status.quarantined.map(quarantineReport);
  return { version: status.version, hash: status.hash, ...(sources.length && { sources }), ...(quarantined.length && { quarantined }) };
}
