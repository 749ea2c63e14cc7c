import { Controller, Get } from '@nestjs/common';
import { ConfigValue } from '@config-center/core';
import { GreetingConfig } from './greeting.config';
import { GreetingRouter, type Greeting } from './greeters';

/** Greets with whatever the config says now. */
@Controller('greeting')
export class GreetingController {
  @ConfigValue('rateLimit.limit', { default: 100 })
  private readonly limit!: number;

  constructor(
    private readonly greeting: GreetingConfig,
    private readonly router: GreetingRouter,
  ) {}

  @Get()
  greet(): { message: string; limit: number } {
    const { message, punctuation, shout } = this.greeting;
    const text = `${message}${punctuation}`;
    return { message: shout ? text.toUpperCase() : text, limit: this.limit };
  }

  /** Answered by v1 or v2, split by the weights at `routes.greeting`. */
  @Get('routed')
  routed(): Greeting {
    return this.router.greet();
  }
}
