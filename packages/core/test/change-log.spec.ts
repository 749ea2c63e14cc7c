import { Logger, type LoggerService } from '@nestjs/common';
import { IsInt, IsString, Min } from 'class-validator';
import { ConfigSection, MemoryConfigSource, type ConfigCenterModuleOptions } from '@config-center/core';
import { ConfigStore } from '@config-center/core/source-kit';
import { ControlledSource } from './support/controlled-source';

@ConfigSection('rateLimit')
class RateLimitConfig {
  @IsInt() @Min(1) limit = 100;
  @IsInt() @Min(1) ttlMs = 1000;
}

@ConfigSection('greeting')
class GreetingConfig {
  @IsString() message = 'hello';
}

/** One line the app's logger was handed: its level, its message and the context of the `Logger` that wrote it. */
interface Line {
  readonly level: string;
  readonly message: string;
  readonly context: unknown;
}

/** A logger the app could give Nest (`Logger.overrideLogger`), keeping what it is handed. */
function collectingLogger(lines: Line[]): LoggerService {
  const keep = (level: string) => (message: unknown, context?: unknown) => lines.push({ level, message: String(message), context });
  return { log: keep('log'), error: keep('error'), warn: keep('warn'), debug: keep('debug'), verbose: keep('verbose') };
}

async function started(source: MemoryConfigSource | ControlledSource, options: Partial<ConfigCenterModuleOptions> = {}) {
  const store = new ConfigStore({ sources: [source], sections: [RateLimitConfig, GreetingConfig], ...options });
  await store.load();
  store.startWatching();
  return store;
}

describe('the change log: a running service says what it does, never with a value', () => {
  let lines: Line[];
  beforeEach(() => {
    lines = [];
    Logger.overrideLogger(collectingLogger(lines));
  });
  afterEach(() => Logger.overrideLogger(['verbose', 'debug', 'log', 'warn', 'error', 'fatal']));
  const said = (level: string, pattern: RegExp) => lines.filter((l) => l.level === level && pattern.test(l.message));

  it('logs one line per applied change, after startup, naming the version, the source and the changed sections', async () => {
    const memory = new MemoryConfigSource({ rateLimit: { limit: '5' }, greeting: { message: 'hi-3141' } }, 'file:config/app.yaml');
    const store = await started(memory);
    expect(said('log', /applied from/)).toEqual([]);

    memory.set('rateLimit.limit', '6');
    expect(store.current.version).toBe(2);
    expect(said('log', /applied from/)).toEqual([
      { level: 'log', message: 'Config version 2 applied from file:config/app.yaml: rateLimit changed', context: 'ConfigCenter' },
    ]);

    memory.batch((b) => {
      b.set('rateLimit.ttlMs', '2000');
      b.set('greeting.message', 'hey-2718');
    });
    memory.set('elsewhere.note', 'text-1618');
    expect(said('log', /applied from/).map((l) => l.message)).toEqual([
      'Config version 2 applied from file:config/app.yaml: rateLimit changed',
      'Config version 3 applied from file:config/app.yaml: rateLimit, greeting changed',
      'Config version 4 applied from file:config/app.yaml: no section changed',
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/3141|2718|1618|2000/);
    await store.close();
  });

  it('lists the changed paths at debug level, at most 20 of them, and builds no such line when debug is off', async () => {
    const memory = new MemoryConfigSource({}, 'memory');
    const store = await started(memory);
    memory.batch((b) => {
      for (let i = 0; i < 23; i++) b.set(`many.key${String(i).padStart(2, '0')}`, String(i));
    });
    const listed = Array.from({ length: 20 }, (_, i) => `many.key${String(i).padStart(2, '0')}`).join(', ');
    expect(said('debug', /changed paths/)).toEqual([
      { level: 'debug', message: `Config version 2 changed paths: ${listed} and 3 more`, context: 'ConfigCenter' },
    ]);

    // The app's logger prints no debug: the line is neither built nor handed to it.
    Logger.overrideLogger(['log', 'warn', 'error']);
    memory.set('rateLimit.limit', '7');
    expect(said('log', /version 3 applied/)).toHaveLength(1);
    expect(said('debug', /changed paths/)).toHaveLength(1);
    await store.close();
  });

  it('names the source of every applied change redacted, the first change and each later one', async () => {
    const memory = new MemoryConfigSource({ rateLimit: { limit: '5' } }, 'etcd:user:pw@127.0.0.1:2379/configs/app/');
    const store = await started(memory);
    memory.set('rateLimit.limit', '6');
    memory.set('rateLimit.limit', '7');
    expect(said('log', /applied from/).map((l) => l.message)).toEqual([
      'Config version 2 applied from [redacted]@127.0.0.1:2379/configs/app/: rateLimit changed',
      'Config version 3 applied from [redacted]@127.0.0.1:2379/configs/app/: rateLimit changed',
    ]);
    await store.close();
  });

  it('logs a source that is connected again, its name redacted', async () => {
    const source = new ControlledSource('etcd:user:pw@127.0.0.1:2379/configs/app/', { rateLimit: { limit: '5' } });
    const store = await started(source);
    source.emit({ kind: 'state', state: 'reconnecting', error: new Error('connection lost') });
    expect(said('log', /connected again/)).toEqual([]);
    source.emit({ kind: 'state', state: 'connected' });
    source.emit({ kind: 'state', state: 'connected' });
    expect(said('log', /connected again/)).toEqual([
      { level: 'log', message: "Config source '[redacted]@127.0.0.1:2379/configs/app/' connected again", context: 'ConfigCenter' },
    ]);
    await store.close();
  });
});
