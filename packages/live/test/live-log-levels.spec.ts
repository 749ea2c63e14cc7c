import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleLogger, Controller, Get, Logger, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigCenterModule, ConfigCenterService, FileConfigSource, type ConfigErrorEvent } from '@config-center/core';
import { LiveConsoleLogger, LiveLoggingModule, LiveLogLevels } from '@config-center/live';
import { waitFor } from '@config-center/testing/harness';
import { LogCapture } from './live-http.fixture';

const COLOURS = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

@Controller()
class OrdersController {
  private readonly orders = new Logger('OrdersService');
  private readonly payments = new Logger('PaymentsService');

  @Get('orders')
  list(): string {
    this.orders.debug('orders: listing');
    this.orders.verbose('orders: cache probe');
    this.payments.debug('payments: listing');
    this.orders.log('orders: served');
    return 'ok';
  }
}

describe('LiveLoggingModule: log levels from a config file', () => {
  let dir: string;
  let path: string;
  let app: INestApplication;
  let output: LogCapture;

  async function boot(yaml: string, install: 'live' | 'console'): Promise<void> {
    await writeFile(path, yaml);
    @Module({
      imports: [ConfigCenterModule.forRoot({ sources: [new FileConfigSource({ path })], isGlobal: true }), LiveLoggingModule.forRoot()],
      controllers: [OrdersController],
    })
    class AppModule {}
    app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
    app.useLogger(install === 'live' ? app.get(LiveConsoleLogger) : new ConsoleLogger());
    await app.listen(0, '127.0.0.1');
  }
  /** Rewrites the config (rename-write) and waits until it is applied or rejected. */
  async function writeConfig(yaml: string): Promise<void> {
    const status = () => app.get(ConfigCenterService).status();
    const before = status();
    await writeFile(`${path}.tmp`, yaml);
    await rename(`${path}.tmp`, path);
    await waitFor(
      () => status().version > before.version || status().sources[0].rejectedUpdates > before.sources[0].rejectedUpdates,
      'the edit',
    );
  }
  /** One request; the lines it logged. */
  async function request(): Promise<string[]> {
    const before = output.linesWith(': ').length;
    expect((await fetch(`${await app.getUrl()}/orders`)).status).toBe(200);
    return output
      .linesWith(': ')
      .slice(before)
      .map((line) => /(DEBUG|VERBOSE|LOG)\b.*?(\w+: [\w ]+)/.exec(line.replace(COLOURS, ''))?.slice(1).join(' ') ?? line);
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'config-center-logging-'));
    path = join(dir, 'app.yaml');
    output = new LogCapture();
  });
  afterEach(async () => {
    await app?.close();
    output.restore();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes debug lines after the level is raised to debug, and stops after it is lowered', async () => {
    await boot('logging:\n  level: log\n', 'live');
    expect(await request()).toEqual(['LOG orders: served']);
    await writeConfig('logging:\n  level: debug\n');
    expect(await request()).toEqual(['DEBUG orders: listing', 'DEBUG payments: listing', 'LOG orders: served']);
    await writeConfig('logging:\n  level: log\n');
    expect(await request()).toEqual(['LOG orders: served']);
  });

  it('applies per-context levels on every change', async () => {
    await boot('logging:\n  level: log\n  contexts:\n    OrdersService: verbose\n', 'live');
    expect(await request()).toEqual(['DEBUG orders: listing', 'VERBOSE orders: cache probe', 'LOG orders: served']);
    await writeConfig('logging:\n  level: debug\n  contexts:\n    OrdersService: warn\n');
    expect(await request()).toEqual(['DEBUG payments: listing']);
    expect(app.get(LiveLogLevels).policy.levels('OrdersService')).toEqual(['warn', 'error', 'fatal']);
  });

  it('rejects an unknown level, in the default or in a context, and keeps the last good levels', async () => {
    await boot('logging:\n  level: debug\n', 'live');
    const errors: ConfigErrorEvent[] = [];
    app.get(ConfigCenterService).errors$.subscribe((event) => errors.push(event));
    await writeConfig('logging:\n  level: loud\n');
    await writeConfig('logging:\n  level: log\n  contexts:\n    OrdersService: chatty\n');
    expect(errors.map((event) => [event.kind, event.message.replace(/^Config source '[^']*' · /, '')])).toEqual([
      ['validation', expect.stringMatching(/^logging\.level: must be one of the following values: verbose, debug, log/)],
      [
        'validation',
        expect.stringContaining(
          "logging.contexts: must map each context to a level (verbose, debug, log, warn, error, fatal); 'OrdersService' does not",
        ),
      ],
    ]);
    expect(errors.some((event) => /loud|chatty/.test(event.message))).toBe(false);
    expect(await request()).toEqual(['DEBUG orders: listing', 'DEBUG payments: listing', 'LOG orders: served']);
  });

  it("hands the default levels to Nest's own ConsoleLogger when that is the app logger", async () => {
    await boot('logging:\n  level: log\n', 'console');
    expect(await request()).toEqual(['LOG orders: served']);
    await writeConfig('logging:\n  level: debug\n');
    expect(await request()).toEqual(['DEBUG orders: listing', 'DEBUG payments: listing', 'LOG orders: served']);
  });

  it('fails startup on an invalid level, naming the path', async () => {
    await writeFile(path, 'logging:\n  level: info\n');
    @Module({
      imports: [ConfigCenterModule.forRoot({ sources: [new FileConfigSource({ path })], isGlobal: true }), LiveLoggingModule.forRoot()],
    })
    class BadModule {}
    const failure = await NestFactory.create(BadModule, { logger: false, abortOnError: false }).catch((error: unknown) => error);
    expect((failure as Error).message).toContain('logging.level: must be one of the following values');
  });
});
