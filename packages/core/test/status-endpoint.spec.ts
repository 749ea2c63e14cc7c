import { Injectable, Module, type CanActivate, type ExecutionContext, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ConfigCenterModule,
  ConfigCenterStatusModule,
  ConfigSection,
  MemoryConfigSource,
  type ConfigStatusReport,
} from '@config-center/core';
import { IsInt, IsString, Min } from 'class-validator';
import type { ConfigCenterStatusModuleOptions } from '@config-center/core';

@ConfigSection('limits')
class LimitsConfig {
  @IsInt() @Min(1) limit = 10;
}

@ConfigSection('db')
class DbConfig {
  @IsString() password = '';
}

const SECRET = 'hunter2-never-shown';
const seed = () => ({ limits: { limit: 5 }, db: { password: SECRET }, greeting: { text: 'hello-value' } });

/** Who may read: the request's `x-admin` header must hold the token this provider gives. */
@Injectable()
class AdminTokens {
  readonly token = 'let-me-in';
}

@Module({ providers: [AdminTokens], exports: [AdminTokens] })
class AdminModule {}

@Injectable()
class AdminGuard implements CanActivate {
  constructor(private readonly tokens: AdminTokens) {}

  canActivate(context: ExecutionContext): boolean {
    return context.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers['x-admin'] === this.tokens.token;
  }
}

/** An app on a loopback port with one memory source and the status endpoint. */
async function startApp(source: MemoryConfigSource, status: ConfigCenterStatusModuleOptions = {}, hashKey?: string) {
  @Module({
    imports: [
      ConfigCenterModule.forRoot({ sources: [source], sections: [LimitsConfig, DbConfig], isGlobal: true, hashKey }),
      ConfigCenterStatusModule.forRoot(status),
    ],
  })
  class AppModule {}
  const app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  const get = async (path = '/config/status', headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, { headers });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as ConfigStatusReport };
  };
  return { app, get };
}

describe('ConfigCenterStatusModule: GET the status over HTTP', () => {
  const apps: INestApplication[] = [];
  const started = async (...args: Parameters<typeof startApp>) => {
    const started = await startApp(...args);
    apps.push(started.app);
    return started;
  };
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  it('answers the version, hash, applied-at and each source with its revisions — never a value', async () => {
    const memory = new MemoryConfigSource(seed());
    const { get } = await started(memory);
    const { status, body, text } = await get();
    expect(status).toBe(200);
    expect(body).toEqual({
      state: 'ready',
      version: 1,
      hash: expect.stringMatching(/^[0-9a-f]{16}$/),
      appliedAt: expect.any(String),
      sources: [{ name: 'memory', state: 'connected', revision: '0', receivedRevision: '0', rejectedUpdates: 0, reconnects: 0 }],
      quarantined: [],
      // `greeting`: a top-level key no section reads.
      unknownKeys: ['greeting'],
      uncoveredKeys: [{ key: 'greeting' }],
      // The ids of the keys that open `enc:` values: this app holds none.
      keyIds: [],
    });
    expect(Date.now() - Date.parse(body.appliedAt as unknown as string)).toBeLessThan(60_000);
    for (const value of [SECRET, 'hello-value']) expect(text).not.toContain(value);
  });

  it('has the same hash on every instance with the same content, a new one on a change, and the old one back with the old content', async () => {
    const memory = new MemoryConfigSource(seed());
    const { get } = await started(memory);
    const reordered = { greeting: { text: 'hello-value' }, db: { password: SECRET }, limits: { limit: 5 } };
    const other = await started(new MemoryConfigSource(reordered), { path: 'other/status' });
    const first = (await get()).body;
    expect((await other.get('/other/status')).body.hash).toBe(first.hash);

    memory.set('greeting.text', 'changed-value');
    const changed = (await get()).body;
    expect(changed).toMatchObject({ version: 2, sources: [{ revision: '1' }] });
    expect(changed.hash).not.toBe(first.hash);
    memory.set('greeting.text', 'hello-value');
    expect((await get()).body).toMatchObject({ version: 3, hash: first.hash });

    const keyed = await started(new MemoryConfigSource(seed()), { path: 'keyed' }, 'fleet-key');
    expect((await keyed.get('/keyed')).body.hash).not.toBe(first.hash);
  });

  it('lists a quarantined section by path and constraint, keeps the hash, and releases it — never the bad value', async () => {
    const memory = new MemoryConfigSource(seed());
    const { get } = await started(memory);
    const before = (await get()).body;
    memory.set('limits.limit', -737);
    memory.set('limits.limt', 3);
    const held = await get();
    expect(held.body).toMatchObject({
      state: 'degraded',
      version: 1,
      hash: before.hash,
      sources: [{ name: 'memory', state: 'connected', revision: '0', receivedRevision: '2', rejectedUpdates: 2, reconnects: 0 }],
      quarantined: [
        {
          section: 'limits',
          source: 'memory',
          issues: [{ path: 'limits.limit', message: 'must not be less than 1' }],
          since: expect.any(String),
        },
      ],
    });
    expect(held.body.sources[0].lastError?.message).toContain('limits.limit: must not be less than 1');
    expect(held.text).not.toContain('737');

    memory.set('limits', { limit: 7 });
    const released = (await get()).body;
    expect(released).toMatchObject({ state: 'ready', version: 2, quarantined: [], sources: [{ rejectedUpdates: 2 }] });
    expect(released.hash).not.toBe(before.hash);
    expect(released.sources[0].lastError).toBeUndefined();
  });

  it('lists keys no field declares by path, without their values', async () => {
    const memory = new MemoryConfigSource({ ...seed(), limits: { limit: 5, limt: 'typo-value' } });
    const { get } = await started(memory);
    const { body, text } = await get();
    expect(body.unknownKeys).toEqual(['limits.limt', 'greeting']);
    expect(text).not.toContain('typo-value');
  });

  it('redacts credentials in a source name', async () => {
    const { get } = await started(new MemoryConfigSource(seed(), 'etcd://root:pa55word@10.0.0.1:2379/app/'));
    const { body, text } = await get();
    expect(body.sources[0].name).toBe('etcd://[redacted]@10.0.0.1:2379/app/');
    expect(text).not.toContain('pa55word');
  });

  it("mounts at the given path behind the app's guard, whose dependencies come from the given imports", async () => {
    const guarded = { path: 'internal/config', guard: AdminGuard as Type<CanActivate>, imports: [AdminModule] };
    const { get } = await started(new MemoryConfigSource(seed()), guarded);
    expect((await get('/internal/config')).status).toBe(403);
    expect((await get('/internal/config', { 'x-admin': 'wrong' })).status).toBe(403);
    const allowed = await get('/internal/config', { 'x-admin': 'let-me-in' });
    expect(allowed).toMatchObject({ status: 200, body: { state: 'ready', version: 1 } });
    expect(allowed.text).not.toContain(SECRET);
    expect((await get('/config/status', { 'x-admin': 'let-me-in' })).status).toBe(404);
  });
});
