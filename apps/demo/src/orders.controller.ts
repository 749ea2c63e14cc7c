import { Controller, Get, UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { OrdersService, type Order } from './orders.service';

/** `GET /orders`, rate-limited by `rateLimit` (limit per ttlMs per client), read on every request. */
@Controller('orders')
@UseGuards(ThrottlerGuard)
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get()
  list(): { orders: readonly Order[] } {
    return { orders: this.orders.list() };
  }
}
