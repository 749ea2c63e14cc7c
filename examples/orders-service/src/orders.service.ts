import { Injectable, Logger } from '@nestjs/common';
import { ConfigCenterService, ConfigValue, OnConfigChange } from '@config-center/core';
import { OrdersConfig } from './orders.config';

/** Prices an order under the current limits; counts the config changes it has followed. */
@Injectable()
export class OrdersService {
  private readonly logger = new Logger(OrdersService.name);
  private changesSeen = 0;

  @ConfigValue('orders.currency')
  private readonly currency!: string;

  constructor(private readonly config: ConfigCenterService) {}

  /** One consistent snapshot for the whole quote: both fields come from the same version. */
  quote(items: number): { accepted: boolean; items: number; maxItems: number; currency: string } {
    const { maxItems, currency } = this.config.get(OrdersConfig);
    return { accepted: items <= maxItems, items, maxItems, currency };
  }

  /** What the service runs now, as the status endpoint of an app would show it. */
  limits(): { maxItems: number; currency: string; changesSeen: number } {
    return { maxItems: this.config.get(OrdersConfig).maxItems, currency: this.currency, changesSeen: this.changesSeen };
  }

  @OnConfigChange(OrdersConfig)
  onOrdersChange(next: OrdersConfig, previous: OrdersConfig): void {
    this.changesSeen++;
    this.logger.log(`orders.maxItems ${previous.maxItems} → ${next.maxItems}`);
  }
}
