import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Subscription } from 'rxjs';
import { CONFIG_STORE } from './config-center.constants';
import { ConfigCenterService } from './config-center.service';
import { bindConfigValue } from './config-value-binder';
import { configValuesOf } from './decorators/config-value.decorator';
import { configChangeHandlersOf, type OnConfigChangeMetadata } from './decorators/on-config-change.decorator';
import type { ConfigStore } from './store/config-store';

/**
 * Finds `@ConfigValue` properties and `@OnConfigChange` methods on every provider and controller,
 * binds them to the store, starts the sources' watches once the app is up, and stops everything
 * on shutdown.
 */
@Injectable()
export class ConfigCenterExplorer implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly handlers = new Subscription();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly service: ConfigCenterService,
    @Inject(CONFIG_STORE) private readonly store: ConfigStore,
  ) {}

  /** Binds every `@ConfigValue`; when one cannot be bound, the store is closed before startup fails. */
  async onModuleInit(): Promise<void> {
    try {
      for (const instance of this.instances()) {
        for (const metadata of configValuesOf(instance)) bindConfigValue(this.store, instance, metadata);
      }
    } catch (error) {
      await this.store.close();
      throw error;
    }
  }

  onApplicationBootstrap(): void {
    for (const instance of this.instances()) {
      for (const metadata of configChangeHandlersOf(instance)) this.subscribeHandler(instance, metadata);
    }
    this.store.startWatching();
  }

  async onApplicationShutdown(): Promise<void> {
    this.handlers.unsubscribe();
    await this.store.close();
  }

  private instances(): object[] {
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    const instances = wrappers
      .filter((wrapper) => wrapper.isDependencyTreeStatic() && !wrapper.isNotMetatype)
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is object => typeof instance === 'object' && instance !== null);
    return [...new Set(instances)];
  }

  /** Calls the handler with (next, previous) on each distinct change; a throwing handler is isolated. */
  private subscribeHandler(instance: object, metadata: OnConfigChangeMetadata): void {
    const select = this.service.selector(metadata.target);
    const owner = `${instance.constructor.name}.${String(metadata.method)}`;
    const handler = (instance as Record<string | symbol, (next: unknown, previous: unknown) => unknown>)[metadata.method];
    const report = (error: unknown) => this.service.reportHandlerError(owner, error);
    let previous = select(this.store.current);
    this.handlers.add(
      this.store.snapshots$.subscribe((snapshot) => {
        const next = select(snapshot);
        if (next === previous) return;
        const before = previous;
        previous = next;
        try {
          const result = handler.call(instance, next, before);
          if (result instanceof Promise) result.catch(report);
        } catch (error) {
          report(error);
        }
      }),
    );
  }
}
