import { Controller, Get, Inject } from '@nestjs/common';
import type { LiveResource, LiveResourceStats } from '@config-center/live';
import { UPSTREAM_POOL, type UpstreamPool } from './upstream-pool';
import type { UpstreamConfig } from './upstream.config';

/** Calls the configured upstream through the live HTTP client pool. */
@Controller('upstream')
export class UpstreamController {
  constructor(@Inject(UPSTREAM_POOL) private readonly pool: LiveResource<UpstreamPool, UpstreamConfig>) {}

  /** What the upstream answered, and which pool generation carried the call. */
  @Get()
  async call(): Promise<{ generation: number; answer: unknown }> {
    const lease = this.pool.acquire();
    try {
      return { generation: lease.generation, answer: await lease.resource.get('/hello') };
    } finally {
      lease.release();
    }
  }

  /** How the pool stands: its generation, calls in flight, pools draining, rebuilds and failed builds. */
  @Get('stats')
  stats(): LiveResourceStats {
    return this.pool.stats();
  }
}
