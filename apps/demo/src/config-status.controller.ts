import { Controller, Get, Inject } from '@nestjs/common';
import { ConfigCenterService, type ConfigStatus } from '@config-center/core';
import type { LiveResource, LiveResourceStats } from '@config-center/live';
import { UPSTREAM_POOL } from './upstream-pool';

/** One source in the status: its state and revision, never a config value. */
export interface SourceReport {
  readonly name: string;
  readonly state: string;
  /** The revision of the last batch applied. */
  readonly revision?: string;
  /** The revision of the last batch delivered, applied or rejected. */
  readonly receivedRevision?: string;
  readonly rejectedUpdates: number;
  readonly lastError?: { readonly message: string; readonly at: Date };
}

/** What `GET /config/status` shows. */
export interface StatusReport {
  readonly state: ConfigStatus['state'];
  readonly version: number;
  readonly appliedAt?: Date;
  readonly sources: readonly SourceReport[];
  /** Sections serving their last good value: where and why (paths and constraints), never a value. */
  readonly quarantined: ConfigStatus['quarantined'];
  /** Keys no section field declares (typos), by path; never a value. */
  readonly unknownKeys: ConfigStatus['unknownKeys'];
  readonly resources: { readonly upstream: LiveResourceStats };
}

/** Credentials in URLs (`//user:pass@`) and `password=…`-style pairs, wherever a message might carry them. */
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/\/\/[^/\s:@]+:[^/\s@]+@/g, '//[redacted]@'],
  [/\b(password|passwd|token|secret|api[_-]?key)(\s*[=:]\s*)\S+/gi, '$1$2[redacted]'],
];

/** Masks what looks like a credential in a message or a source name. */
export function redact(text: string): string {
  return SECRET_PATTERNS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}

/**
 * Which config version this instance serves, how each source is doing and how the live HTTP client
 * pool stands. Fields are picked one by one and messages are redacted: no config value is shown.
 */
@Controller('config')
export class ConfigStatusController {
  constructor(
    private readonly config: ConfigCenterService,
    @Inject(UPSTREAM_POOL) private readonly upstream: LiveResource<unknown>,
  ) {}

  @Get('status')
  status(): StatusReport {
    const { state, version, appliedAt, sources, quarantined, unknownKeys } = this.config.status();
    return {
      state,
      version,
      appliedAt,
      sources: sources.map((source) => ({
        name: redact(source.name),
        state: source.state,
        revision: source.revision,
        receivedRevision: source.receivedRevision,
        rejectedUpdates: source.rejectedUpdates,
        lastError: source.lastError && { message: redact(source.lastError.message), at: source.lastError.at },
      })),
      quarantined,
      unknownKeys,
      resources: { upstream: this.upstream.stats() },
    };
  }
}
