import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsInt, IsString, Min } from 'class-validator';
import { ConfigCenterModule, ConfigSection, MemoryConfigSource } from '@config-center/core';
import { LiveResource, liveResourceProvider } from '@config-center/live';
import { waitFor } from '@config-center/testing/harness';

@ConfigSection('db')
class DbConfig {
  @IsString() user = 'app';
  @IsString() password = '';
  @IsInt() @Min(1) size = 4;
}

/** A connection pool as the app builds one: opened with the credentials of one config, closed once. */
class CredentialPool {
  closed = false;
  constructor(readonly password: string) {}
}

const POOL = Symbol('POOL');

/** The bar for references: "a rotated credential file rebuilds a pool once". */
describe('LiveResource: a pool whose password comes from a ${file:} reference', () => {
  let dir: string;
  let app: INestApplicationContext | undefined;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'cc-credentials-'))));
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('is rebuilt exactly once for each rotation of the credential file, and the old pool is closed', async () => {
    const file = join(dir, 'db-password');
    await writeFile(file, 'pw-one\n');
    const built: CredentialPool[] = [];
    const build = (config: DbConfig) => {
      const pool = new CredentialPool(config.password);
      built.push(pool);
      return pool;
    };
    const memory = new MemoryConfigSource({ db: { user: 'app', password: `\${file:${file}}`, size: 4 } });
    @Module({
      imports: [ConfigCenterModule.forRoot({ sources: [memory], sections: [DbConfig], secrets: { references: true } })],
      providers: [liveResourceProvider(POOL, { name: 'db', config: DbConfig, build, dispose: (pool) => void (pool.closed = true) })],
    })
    class AppModule {}
    app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    await app.init();
    const pool = app.get<LiveResource<CredentialPool, DbConfig>>(POOL);
    expect(pool.current.password).toBe('pw-one');

    // Written in two steps (truncate, then the text): the watcher sees more than one event for one rotation.
    await writeFile(file, '');
    await writeFile(file, 'pw-two\n');
    await waitFor(() => pool.current.password === 'pw-two', 'the pool on pw-two');
    await writeFile(file, 'pw-three\n');
    await waitFor(() => pool.current.password === 'pw-three', 'the pool on pw-three');
    await waitFor(() => built[0].closed && built[1].closed, 'the old pools closed');

    expect(built.map((p) => p.password)).toEqual(['pw-one', 'pw-two', 'pw-three']);
    expect(pool.stats()).toMatchObject({ generation: 3, rebuilds: 2, failedBuilds: 0 });
    expect(pool.current.password).toBe('pw-three');
  });
});
