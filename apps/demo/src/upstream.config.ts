import { IsInt, IsUrl, Max, Min } from 'class-validator';
import { ConfigSection } from '@config-center/core/sections';

/** The upstream service behind `GET /upstream`, and the size of the HTTP client pool to it. */
@ConfigSection('upstream')
export class UpstreamConfig {
  @IsUrl({ require_tld: false, protocols: ['http'] }) url = 'http://127.0.0.1:3001';
  @IsInt() @Min(1) @Max(256) maxSockets = 10;
}
