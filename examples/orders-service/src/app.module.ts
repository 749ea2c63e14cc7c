import { Module } from '@nestjs/common';
import { ConfigCenterModule, ConfigCenterStatusModule, FileConfigSource, type ConfigSource } from '@config-center/core';
import { EtcdConfigSource } from '@config-center/etcd';
import { OrdersConfig } from './orders.config';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

/** The file, then etcd on top of it when `ETCD_ENDPOINTS` is set: later sources override earlier ones. */
function sources(): ConfigSource[] {
  const file = new FileConfigSource({ path: process.env.CONFIG_PATH ?? 'config/orders.yaml' });
  const endpoints = process.env.ETCD_ENDPOINTS?.split(',');
  if (!endpoints) return [file];
  return [file, new EtcdConfigSource({ hosts: endpoints, prefix: process.env.ETCD_PREFIX ?? '/configs/orders/' })];
}

@Module({
  imports: [
    ConfigCenterModule.forRoot({ sources, sections: [OrdersConfig], isGlobal: true }),
    ConfigCenterStatusModule.forRoot({ path: 'config/status' }),
  ],
  controllers: [OrdersController],
  providers: [OrdersService],
})
export class AppModule {}
