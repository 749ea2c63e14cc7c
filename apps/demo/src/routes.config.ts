import { ConfigSection } from '@config-center/core/sections';
import { IsRouteWeights, type RouteWeights } from '@config-center/live/sections';

/** How `GET /greeting/routed` splits calls between the two greeter implementations. */
@ConfigSection('routes')
export class RoutesConfig {
  @IsRouteWeights({ names: ['v1', 'v2'] }) greeting: RouteWeights = { v1: 100, v2: 0 };
}
