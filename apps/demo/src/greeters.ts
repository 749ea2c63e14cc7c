import { Injectable } from '@nestjs/common';
import { ConfigCenterService } from '@config-center/core';
import { WeightedRoute } from '@config-center/live';
import { GreetingConfig } from './greeting.config';

/** What a greeter implementation answers. */
export interface Greeting {
  readonly implementation: 'v1' | 'v2';
  readonly message: string;
}

/** The current greeter: the configured message as it is. */
@Injectable()
export class GreeterV1 {
  constructor(private readonly greeting: GreetingConfig) {}

  greet(): Greeting {
    const { message, punctuation } = this.greeting;
    return { implementation: 'v1', message: `${message}${punctuation}` };
  }
}

/** The new greeter being rolled out: it also says what time it is. */
@Injectable()
export class GreeterV2 {
  constructor(private readonly greeting: GreetingConfig) {}

  greet(): Greeting {
    const { message, punctuation } = this.greeting;
    return { implementation: 'v2', message: `${message}${punctuation} It is ${new Date().toISOString().slice(11, 16)} UTC.` };
  }
}

/** Sends each call to v1 or v2 by the weights at `routes.greeting`, read per call. */
@Injectable()
export class GreetingRouter {
  private readonly route: WeightedRoute<GreeterV1 | GreeterV2>;

  constructor(config: ConfigCenterService, v1: GreeterV1, v2: GreeterV2) {
    this.route = new WeightedRoute(config, 'routes.greeting', { v1, v2 });
  }

  greet(): Greeting {
    return this.route.pick().greet();
  }
}
