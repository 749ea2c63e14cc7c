import { Controller, Get } from '@nestjs/common';
import { FeatureFlag, FeatureFlags } from '@config-center/live';

/** Checkout, with a second version behind the `checkout.v2` feature flag (`features.checkout.v2`). */
@Controller('checkout')
export class CheckoutController {
  constructor(private readonly flags: FeatureFlags) {}

  /** The flag read in code: which flow a checkout would take now. */
  @Get()
  checkout(): { flow: 'v1' | 'v2' } {
    return { flow: this.flags.isEnabled('checkout.v2') ? 'v2' : 'v1' };
  }

  /** The flag as a guard: 404 while `features.checkout.v2` is not true. */
  @Get('v2')
  @FeatureFlag('checkout.v2')
  checkoutV2(): { flow: 'v2'; steps: string[] } {
    return { flow: 'v2', steps: ['cart', 'pay'] };
  }
}
