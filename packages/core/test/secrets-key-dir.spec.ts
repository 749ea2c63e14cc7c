import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { rm, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { ConfigCenterModule, ConfigCenterService, ConfigSection, MemoryConfigSource, Secret } from '@config-center/core';
import { encryptValue, StaticKeyring } from '@config-center/core/secrets';
import { waitFor } from '@config-center/testing/harness';
import { IsString } from 'class-validator';
import { ConfigMapMount, makeTempDir } from './file-source.fixture';

@ConfigSection('db')
class DbConfig {
  @IsString() host = 'localhost';
  @Secret() @IsString() password = '';
}

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const keyring = new StaticKeyring(
  new Map([
    ['k1', k1],
    ['k2', k2],
  ]),
);
/** How many `fs.watch` watchers the process holds (the memory source holds none). */
const fsWatchers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'FSEventWrap').length;
const seal = (text: string, kid: string) => encryptValue(text, kid, { path: 'db.password', keyring });

async function startApp(memory: MemoryConfigSource, keyDir: string): Promise<INestApplication> {
  @Module({ imports: [ConfigCenterModule.forRoot({ sources: [memory], sections: [DbConfig], secrets: { keyDir } })] })
  class AppModule {}
  const app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
  await app.init();
  return app;
}

/** Sets `db.password` to `value` and waits for the rejection it must cause (kind `secret`). */
async function rejected(config: ConfigCenterService, memory: MemoryConfigSource, value: string): Promise<void> {
  const rejection = firstValueFrom(config.errors$);
  memory.set('db.password', value);
  expect(await rejection).toMatchObject({ kind: 'secret', source: 'memory' });
  expect(config.status().quarantined.map((q) => q.section)).toEqual(['db']);
}

describe('a watched key directory (secrets.keyDir)', () => {
  let app: INestApplication | undefined;
  let dir: string;
  beforeEach(async () => (dir = await makeTempDir()));
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('releases a section waiting on a key file that arrives, and opens no new value with a key file removed', async () => {
    await writeFile(join(dir, 'k1.key'), k1.toString('base64'));
    const memory = new MemoryConfigSource({ db: { host: 'db1', password: seal('first-pw', 'k1') } });
    app = await startApp(memory, dir);
    const config = app.get(ConfigCenterService);
    expect(config.status().keyIds).toEqual(['k1']);
    await rejected(config, memory, seal('second-pw', 'k2'));
    expect(config.get(DbConfig).password).toBe('first-pw');

    const released = firstValueFrom(config.changes$);
    // Written aside and renamed in, as a deploy tool does: the directory never holds half a key.
    await writeFile(join(dir, '.k2.key.tmp'), k2.toString('base64'));
    await rename(join(dir, '.k2.key.tmp'), join(dir, 'k2.key'));
    expect(await released).toMatchObject({ source: 'secrets', changedSections: ['DbConfig'] });
    expect(config.get(DbConfig).password).toBe('second-pw');
    expect(config.status()).toMatchObject({ quarantined: [], keyIds: ['k1', 'k2'], state: 'ready' });

    await unlink(join(dir, 'k2.key'));
    await waitFor(() => config.status().keyIds.join() === 'k1', 'k2 no longer held');
    await rejected(config, memory, seal('third-pw', 'k2'));
    expect(config.get(DbConfig).password).toBe('second-pw');
  });

  it('sees a key that a Kubernetes Secret mount brings with its ..data swap', async () => {
    const mount = new ConfigMapMount(dir);
    await mount.update({ 'k1.key': k1.toString('base64') });
    const memory = new MemoryConfigSource({ db: { host: 'db1', password: seal('first-pw', 'k1') } });
    app = await startApp(memory, dir);
    const config = app.get(ConfigCenterService);
    await rejected(config, memory, seal('mounted-pw', 'k2'));

    await mount.update({ 'k1.key': k1.toString('base64'), 'k2.key': k2.toString('base64') });
    await waitFor(() => config.get(DbConfig).password === 'mounted-pw', 'the value under the mounted key');
    expect(config.status()).toMatchObject({ quarantined: [], keyIds: ['k1', 'k2'] });
  });

  it('closes its directory watcher with the app', async () => {
    await writeFile(join(dir, 'k1.key'), k1.toString('base64'));
    const before = fsWatchers();
    app = await startApp(new MemoryConfigSource({ db: { password: seal('pw', 'k1') } }), dir);
    expect(fsWatchers()).toBeGreaterThan(before);
    await app.close();
    app = undefined;
    await waitFor(() => fsWatchers() <= before, 'the key directory watcher closed');
  });
});
