import { Controller, Get } from '@nestjs/common';
import { ConfigCenterService, type ConfigStatus } from '@config-center/core';

/** Which config version this instance serves, and how each source is doing. */
@Controller('config')
export class ConfigStatusController {
  constructor(private readonly config: ConfigCenterService) {}

  @Get('status')
  status(): ConfigStatus {
    return this.config.status();
  }
}
