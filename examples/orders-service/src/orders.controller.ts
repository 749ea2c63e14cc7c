import { Controller, Get, ParseIntPipe, Query } from '@nestjs/common';
import { OrdersService } from './orders.service';

/** `GET /orders/quote?items=N` and `GET /orders/limits`. */
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get('quote')
  quote(@Query('items', ParseIntPipe) items: number) {
    return this.orders.quote(items);
  }

  @Get('limits')
  limits() {
    return this.orders.limits();
  }
}
