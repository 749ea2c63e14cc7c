import { IsIn, IsInt, Max, Min } from 'class-validator';
import { ConfigSection } from '@config-center/core';

/** The `orders` section: validated on every change; a change that breaks a rule is rejected whole. */
@ConfigSection('orders')
export class OrdersConfig {
  @IsInt() @Min(1) @Max(100) maxItems = 10;
  @IsIn(['EUR', 'USD', 'GBP']) currency = 'EUR';
}
