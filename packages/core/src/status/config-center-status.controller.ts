import { Get, Inject } from '@nestjs/common';
import { ConfigCenterService } from '../config-center.service';
import type { ConfigStatusReport } from './config-status-report.interface';
import { statusReport } from './status-report';

/**
 * Answers `GET` on the path given to `ConfigCenterStatusModule.forRoot()` with the status report.
 * `forRoot` mounts a subclass of it at that path, behind the guard it is given.
 */
export class ConfigCenterStatusController {
  constructor(@Inject(ConfigCenterService) private readonly config: ConfigCenterService) {}

  @Get()
  status(): ConfigStatusReport {
    return statusReport(this.config.status());
  }
}
