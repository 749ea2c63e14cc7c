// The NestJS 12 smoke app. scripts/nest12-smoke.js copies it into a temp project that has NestJS 12
// and the packed @config-center/* tarballs installed, and runs it there. Plain CommonJS: decorators are
// applied the way TypeScript's emit applies them (Reflect.decorate plus design:* metadata).
'use strict';

require('reflect-metadata');
const path = require('node:path');
const { Injectable, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { IsInt, Min } = require('class-validator');
const { firstValueFrom, timeout } = require('rxjs');
const core = require('@config-center/core');

const { ConfigCenterModule, ConfigCenterService, ConfigSection, ConfigValue, MemoryConfigSource, OnConfigChange } = core;
const WAIT_MS = 5_000;

class RateLimitConfig {
  constructor() {
    this.limit = 100;
    this.ttlMs = 60_000;
  }
}
for (const field of ['limit', 'ttlMs']) {
  Reflect.decorate([IsInt(), Min(1), Reflect.metadata('design:type', Number)], RateLimitConfig.prototype, field);
}
Reflect.decorate([ConfigSection('rateLimit')], RateLimitConfig);

// `limit` is deliberately not a field: an own property would shadow the @ConfigValue getter.
class Orders {
  constructor(rate) {
    this.rate = rate;
    this.seen = [];
  }
  onRate(next, previous) {
    this.seen.push([next.limit, previous.limit]);
  }
}
Reflect.decorate([ConfigValue('rateLimit.limit')], Orders.prototype, 'limit');
Reflect.decorate(
  [OnConfigChange(RateLimitConfig)],
  Orders.prototype,
  'onRate',
  Object.getOwnPropertyDescriptor(Orders.prototype, 'onRate'),
);
Reflect.decorate([Injectable(), Reflect.metadata('design:paramtypes', [RateLimitConfig])], Orders);

function nestVersion(name) {
  return require(`${name}/package.json`).version;
}

/** The packed core must load the same Nest the app does, or DI tokens would not match. */
function assertSingleNest() {
  const fromCore = require.resolve('@nestjs/core', { paths: [path.dirname(require.resolve('@config-center/core'))] });
  if (fromCore !== require.resolve('@nestjs/core')) throw new Error(`core resolves another @nestjs/core: ${fromCore}`);
}

function expectEqual(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  console.log(`  ok - ${what} = ${JSON.stringify(actual)}`);
}

/** Polls until `read()` returns `expected`; the memory source applies synchronously, so this is a guard. */
async function eventually(read, expected, what) {
  const deadline = Date.now() + WAIT_MS;
  while (JSON.stringify(read()) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expectEqual(read(), expected, what);
}

async function run() {
  const version = nestVersion('@nestjs/core');
  if (!/^12\./.test(version)) throw new Error(`expected @nestjs/core 12.x, found ${version}`);
  console.log(`  ok - running on @nestjs/core ${version}, @nestjs/common ${nestVersion('@nestjs/common')}`);
  assertSingleNest();

  const memory = new MemoryConfigSource({ rateLimit: { limit: 5 } });
  class AppModule {}
  Reflect.decorate(
    [Module({ imports: [ConfigCenterModule.forRoot({ sources: () => [memory], sections: [RateLimitConfig] })], providers: [Orders] })],
    AppModule,
  );

  const app = await NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
  try {
    const orders = app.get(Orders);
    const service = app.get(ConfigCenterService);
    expectEqual([orders.limit, orders.rate.limit, orders.rate.ttlMs], [5, 5, 60_000], 'initial @ConfigValue, live view, default');

    memory.set('rateLimit.limit', 7);
    await eventually(() => [orders.limit, orders.rate.limit], [7, 7], 'after a valid change');
    await eventually(() => orders.seen, [[7, 5]], '@OnConfigChange calls');

    const rejected = firstValueFrom(service.errors$.pipe(timeout(WAIT_MS)));
    memory.set('rateLimit.limit', -1);
    const error = await rejected;
    expectEqual(error.kind, 'validation', 'errors$ kind of an invalid change');
    expectEqual([orders.limit, orders.rate.limit, service.get(RateLimitConfig).limit], [7, 7, 7], 'old value kept');
    const quarantined = service.status().quarantined.map((q) => [q.section, q.source]);
    expectEqual([service.status().state, quarantined], ['degraded', [['rateLimit', 'memory']]], 'status after the rejection');
    memory.set('rateLimit.limit', 9);
    await eventually(() => [orders.limit, service.status().state], [9, 'ready'], 'a valid change releases the section');
  } finally {
    await app.close();
  }
  console.log('  ok - app.close()');
}

const watchdog = setTimeout(() => {
  console.error('  not ok - timed out');
  process.exit(1);
}, 60_000);
watchdog.unref();

// No process.exit on success: a handle left open after app.close() shows up as a hang, which the
// runner's time limit turns into a failure.
run().catch((error) => {
  console.error(`  not ok - ${error && error.stack ? error.stack : error}`);
  process.exitCode = 1;
});
