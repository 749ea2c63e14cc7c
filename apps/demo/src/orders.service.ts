import { Injectable, Logger } from '@nestjs/common';

/** An order, as `GET /orders` lists it. */
export interface Order {
  readonly id: number;
  readonly item: string;
}

/** Lists orders, logging at debug and verbose what a developer would want to see while chasing a bug. */
@Injectable()
export class OrdersService {
  private readonly logger = new Logger(OrdersService.name);
  private readonly orders: readonly Order[] = [
    { id: 1, item: 'coffee beans' },
    { id: 2, item: 'grinder' },
  ];

  list(): readonly Order[] {
    this.logger.debug(`listing ${this.orders.length} orders`);
    this.logger.verbose(`order ids: ${this.orders.map((order) => order.id).join(', ')}`);
    return this.orders;
  }
}
