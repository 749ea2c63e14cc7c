// The packed-install app. scripts/packed-install.js (NestJS 11) and scripts/nest12-smoke.js (NestJS 12)
// copy it into a temp project that has the packed @config-center/* tarballs installed, and run it
// there: an HTTP app on core (a class section from a file), live (a feature flag), etcd (a source on
// a real etcd) and testing (the etcd harness, ConfigCenterTestingModule), checked over real HTTP.
// Plain CommonJS: decorators are applied the way TypeScript's emit applies them.
'use strict';

require('reflect-metadata');
const fs = require('node:fs');
const path = require('node:path');
const { Controller, Get, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { IsInt, IsString, Min } = require('class-validator');
const { ConfigCenterModule, ConfigCenterService, ConfigSection, FileConfigSource } = require('@config-center/core');
const { FeatureFlag, FeatureFlagsModule } = require('@config-center/live');
const { EtcdConfigSource } = require('@config-center/etcd');
const { ConfigCenterTesting, ConfigCenterTestingModule } = require('@config-center/testing');
const { EtcdCluster, waitFor } = require('@config-center/testing/harness');

const PREFIX = '/packed-install/';
const WAIT_MS = 10_000;
const PACKAGES = [
  '@config-center/core',
  '@config-center/live',
  '@config-center/etcd',
  '@config-center/consul',
  '@config-center/apollo',
  '@config-center/testing',
];

class GreetingConfig {
  constructor() {
    this.message = 'default';
    this.limit = 100;
  }
}
Reflect.decorate([IsString(), Reflect.metadata('design:type', String)], GreetingConfig.prototype, 'message');
Reflect.decorate([IsInt(), Min(1), Reflect.metadata('design:type', Number)], GreetingConfig.prototype, 'limit');
Reflect.decorate([ConfigSection('greeting')], GreetingConfig);

class GreetingController {
  constructor(config) {
    this.config = config;
  }
  greeting() {
    const { message, limit } = this.config.get(GreetingConfig);
    return { message, limit };
  }
  beta() {
    return { beta: 'on' };
  }
}
const method = (name) => Object.getOwnPropertyDescriptor(GreetingController.prototype, name);
Reflect.decorate([Get()], GreetingController.prototype, 'greeting', method('greeting'));
Reflect.decorate([Get('beta'), FeatureFlag('beta')], GreetingController.prototype, 'beta', method('beta'));
Reflect.decorate([Controller('greeting'), Reflect.metadata('design:paramtypes', [ConfigCenterService])], GreetingController);

function ok(what, actual) {
  console.log(`  ok - ${what}${actual === undefined ? '' : ` = ${JSON.stringify(actual)}`}`);
}

function expectEqual(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  ok(what, actual);
}

/** The entry points an app may import resolve; a file behind the exports map does not, though it is there. */
function checkEntryPoints() {
  for (const specifier of [...PACKAGES, '@config-center/core/source-kit', '@config-center/testing/harness']) require.resolve(specifier);
  if (typeof require('@config-center/core/source-kit').KeyMapper !== 'function') throw new Error('source-kit has no KeyMapper');
  ok('the entry points and @config-center/core/source-kit, @config-center/testing/harness resolve');
  // @nestjs/terminus, prom-client and @opentelemetry/api are optional peers, not installed here: the core loaded without
  // them, and only their subpaths need them.
  for (const [subpath, peer] of [
    ['@config-center/core/terminus', '@nestjs/terminus'],
    ['@config-center/core/prometheus', 'prom-client'],
    ['@config-center/core/opentelemetry', '@opentelemetry/api'],
  ]) {
    require.resolve(subpath);
    try {
      require(subpath);
      throw new Error(`${subpath} loaded without ${peer} installed`);
    } catch (error) {
      if (error.code !== 'MODULE_NOT_FOUND' || !error.message.includes(`'${peer}'`)) throw error;
    }
    ok(`${subpath} resolves and is the only entry that needs the optional ${peer}`);
  }

  const internal = '@config-center/core/dist/store/config-store';
  const file = path.join(path.dirname(require.resolve('@config-center/core/package.json')), 'dist', 'store', 'config-store.js');
  if (!fs.existsSync(file)) throw new Error(`${file} is not in the package: the deep-import check would prove nothing`);
  try {
    require.resolve(internal);
  } catch (error) {
    expectEqual(error.code, 'ERR_PACKAGE_PATH_NOT_EXPORTED', `require('${internal}') fails with`);
    return;
  }
  throw new Error(`${internal} resolves: the exports map lets deep imports through`);
}

/** Every package must load the app's own NestJS, or DI tokens would not match. */
function checkSingleNest() {
  const appNest = require.resolve('@nestjs/core');
  for (const name of PACKAGES) {
    const fromPackage = require.resolve('@nestjs/core', { paths: [path.dirname(require.resolve(name))] });
    if (fromPackage !== appNest) throw new Error(`${name} resolves another @nestjs/core: ${fromPackage}`);
  }
  ok(`one @nestjs/core ${require('@nestjs/core/package.json').version} for the app and every package`);
}

async function getJson(url) {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

/** Polls `url` until its answer equals `expected`; on timeout the error shows the last answer. */
async function eventually(url, expected, what) {
  let last;
  await waitFor(
    async () => {
      last = await getJson(url);
      return JSON.stringify(last) === JSON.stringify(expected);
    },
    what,
    WAIT_MS,
    20,
  ).catch((error) => {
    throw new Error(`${error.message}; last answer ${JSON.stringify(last)}`);
  });
  ok(what, expected);
}

async function runHttpApp(cluster, configFile) {
  class AppModule {}
  const sources = () => [new FileConfigSource({ path: configFile }), new EtcdConfigSource({ hosts: cluster.endpoints, prefix: PREFIX })];
  Reflect.decorate(
    [
      Module({
        imports: [ConfigCenterModule.forRoot({ sources, sections: [GreetingConfig], isGlobal: true }), FeatureFlagsModule.forRoot()],
        controllers: [GreetingController],
      }),
    ],
    AppModule,
  );
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'], abortOnError: false });
  const client = cluster.client();
  try {
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${app.getHttpServer().address().port}/greeting`;
    expectEqual(await getJson(base), { status: 200, body: { message: 'hello from the file', limit: 5 } }, 'GET /greeting, from the file');
    expectEqual((await getJson(`${base}/beta`)).status, 404, 'GET /greeting/beta while features.beta is false');

    await client.put(`${PREFIX}features/beta`).value('true');
    await eventually(`${base}/beta`, { status: 200, body: { beta: 'on' } }, 'GET /greeting/beta after an etcd put of features/beta');
    await client.put(`${PREFIX}greeting/limit`).value('7');
    await eventually(base, { status: 200, body: { message: 'hello from the file', limit: 7 } }, 'GET /greeting after an etcd put');
    expectEqual(app.get(ConfigCenterService).status().state, 'ready', 'status().state');
  } finally {
    client.close();
    await app.close();
  }
  ok('app.close()');
}

async function runTestingModule() {
  class TestModule {}
  const testing = ConfigCenterTestingModule.forRoot({ sections: [GreetingConfig], initial: { greeting: { message: 'test', limit: 2 } } });
  Reflect.decorate([Module({ imports: [testing] })], TestModule);
  const context = await NestFactory.createApplicationContext(TestModule, { logger: false, abortOnError: false });
  try {
    await context.get(ConfigCenterTesting).update('greeting.limit', 3);
    expectEqual(context.get(ConfigCenterService).get(GreetingConfig).limit, 3, 'ConfigCenterTesting.update, then get()');
  } finally {
    await context.close();
  }
}

async function run() {
  checkEntryPoints();
  checkSingleNest();
  const configFile = path.join(process.cwd(), 'app.yaml');
  fs.writeFileSync(configFile, 'greeting:\n  message: hello from the file\n  limit: 5\nfeatures:\n  beta: false\n');
  const cluster = await EtcdCluster.start();
  try {
    ok(`etcd started by @config-center/testing/harness at ${cluster.endpoints[0]}`);
    await runHttpApp(cluster, configFile);
  } finally {
    await cluster.stop();
  }
  await runTestingModule();
}

const watchdog = setTimeout(() => {
  console.error('  not ok - timed out');
  process.exit(1);
}, 90_000);
watchdog.unref();

// No process.exit on success: a handle left open after close() shows up as a hang, which the
// runner's time limit turns into a failure.
run().catch((error) => {
  console.error(`  not ok - ${error && error.stack ? error.stack : error}`);
  process.exitCode = 1;
});
