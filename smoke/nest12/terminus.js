// The health indicator on @nestjs/terminus 12 (ESM only, loaded by the core's CommonJS
// @config-center/core/terminus through Node's require(esm)). scripts/nest12-smoke.js installs
// terminus 12 into the NestJS 12 project after the apps that need it absent have run, then runs this:
// a HealthCheckService check that is up with state ready, up with state degraded while a section is
// quarantined, down when told to be, and never carries the value.
'use strict';

require('reflect-metadata');
const { Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { HealthCheckService, TerminusModule } = require('@nestjs/terminus');
const { IsInt, Min } = require('class-validator');
const { ConfigCenterModule, ConfigSection, MemoryConfigSource } = require('@config-center/core');
const { ConfigCenterHealthIndicator } = require('@config-center/core/terminus');

class LimitsConfig {
  constructor() {
    this.limit = 10;
  }
}
Reflect.decorate([IsInt(), Min(1), Reflect.metadata('design:type', Number)], LimitsConfig.prototype, 'limit');
Reflect.decorate([ConfigSection('limits')], LimitsConfig);

function expectEqual(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  console.log(`  ok - ${what} = ${JSON.stringify(actual)}`);
}

/** A check's outcome as terminus reports it, whether up (resolved) or down (a rejected ServiceUnavailableException). */
async function outcome(health, check) {
  try {
    return await health.check([check]);
  } catch (error) {
    return error.getResponse();
  }
}

async function run() {
  const version = require('@nestjs/terminus/package.json').version;
  if (!/^12\./.test(version)) throw new Error(`expected @nestjs/terminus 12.x, found ${version}`);
  console.log(`  ok - running on @nestjs/terminus ${version}, @nestjs/core ${require('@nestjs/core/package.json').version}`);
  const memory = new MemoryConfigSource({ limits: { limit: 5 } });
  class AppModule {}
  Reflect.decorate(
    [
      Module({
        imports: [
          ConfigCenterModule.forRoot({ sources: [memory], sections: [LimitsConfig], isGlobal: true }),
          TerminusModule.forRoot({ logger: false }),
        ],
        providers: [ConfigCenterHealthIndicator],
      }),
    ],
    AppModule,
  );
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
  try {
    const health = app.get(HealthCheckService);
    const indicator = app.get(ConfigCenterHealthIndicator);
    const healthy = () => outcome(health, () => indicator.isHealthy('config'));
    const strict = () => outcome(health, () => indicator.isHealthy('config', { downWhen: ['quarantined'] }));
    let result = await healthy();
    expectEqual([result.status, result.details.config.status, result.details.config.state], ['ok', 'up', 'ready'], 'a live config');
    expectEqual((await outcome(health, () => indicator.isReady('config'))).status, 'ok', 'readiness once applied');

    memory.set('limits.limit', -4242);
    result = await healthy();
    expectEqual(
      [result.status, result.details.config.state, result.details.config.reason],
      ['ok', 'degraded', 'quarantined'],
      'a quarantine',
    );
    if (JSON.stringify(result).includes('4242')) throw new Error('the health result carries the rejected value');
    result = await strict();
    expectEqual([result.status, result.details.config.status], ['error', 'down'], 'a quarantine with downWhen: [quarantined]');
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

run().catch((error) => {
  console.error(`  not ok - ${error && error.stack ? error.stack : error}`);
  process.exitCode = 1;
});
