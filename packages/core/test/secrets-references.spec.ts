import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { existsSync, readFileSync } from 'node:fs';
import { rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { ConfigCenterModule, ConfigCenterService, ConfigSecretError, ConfigSection, MemoryConfigSource } from '@config-center/core';
import { waitFor } from '@config-center/testing/harness';
import { IsString } from 'class-validator';
import { makeTempDir } from './file-source.fixture';

@ConfigSection('db')
class DbConfig {
  @IsString() host = 'localhost';
  // Not marked @Secret(): a value from a reference is secret all the same.
  @IsString() password = '';
  @IsString() user = '';
}

async function startApp(memory: MemoryConfigSource, options: { cache?: string; references?: boolean }): Promise<INestApplication> {
  const cache = options.cache === undefined ? undefined : { path: options.cache };
  const secrets = { references: options.references ?? true };
  @Module({ imports: [ConfigCenterModule.forRoot({ sources: [memory], sections: [DbConfig], cache, secrets })] })
  class AppModule {}
  const app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
  await app.init();
  return app;
}

describe('secret references (secrets.references)', () => {
  let app: INestApplication | undefined;
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir();
    process.env.CC_TEST_DB_USER = 'user-from-env-71';
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    delete process.env.CC_TEST_DB_USER;
    await rm(dir, { recursive: true, force: true });
  });

  it('resolves ${file:} and ${env:} after the merge, keeps the reference at rest, and follows a rotated, removed and restored file', async () => {
    const file = join(dir, 'password');
    await writeFile(file, 'first-pw-72\n');
    const reference = `\${file:${file}}`;
    const memory = new MemoryConfigSource({ db: { host: 'db1', password: reference, user: '${env:CC_TEST_DB_USER}' } });
    const cache = join(dir, 'last-good.json');
    app = await startApp(memory, { cache });
    const config = app.get(ConfigCenterService);
    expect(config.get(DbConfig)).toMatchObject({ password: 'first-pw-72', user: 'user-from-env-71' });
    expect(JSON.parse(JSON.stringify(config.get(DbConfig)))).toEqual({ host: 'db1', password: '[secret]', user: '[secret]' });
    expect(config.get('db.password')).toBe('first-pw-72');
    await waitFor(() => existsSync(cache), 'the last-good cache');
    expect(readFileSync(cache, 'utf8')).toContain(reference);
    expect(readFileSync(cache, 'utf8')).not.toMatch(/first-pw-72|user-from-env-71/);

    const rotated = firstValueFrom(config.changes$);
    await writeFile(file, 'second-pw-73\n');
    expect(await rotated).toMatchObject({ source: 'secrets', changedSections: ['DbConfig'] });
    expect(config.get(DbConfig).password).toBe('second-pw-73');

    const rejection = firstValueFrom(config.errors$);
    await unlink(file);
    const event = await rejection;
    expect(event).toMatchObject({ kind: 'secret' });
    expect(event.error).toBeInstanceOf(ConfigSecretError);
    expect(event.message).toContain(
      `db.password: the reference ${reference} cannot be resolved: the file '${file}' cannot be read (ENOENT)`,
    );
    expect(config.get(DbConfig).password).toBe('second-pw-73');
    expect(config.status().quarantined.map((q) => q.section)).toEqual(['db']);
    expect(JSON.stringify({ event: event.message, status: config.status() })).not.toMatch(/-pw-7/);

    await writeFile(file, 'third-pw-74');
    await waitFor(() => config.get(DbConfig).password === 'third-pw-74', 'the restored file');
    expect(config.status().quarantined).toEqual([]);
  });

  it('fails startup on a variable that is not set, naming the path and the reference', async () => {
    const memory = new MemoryConfigSource({ db: { password: '${env:CC_TEST_NOT_SET_75}' } });
    const started = startApp(memory, {});
    await expect(started).rejects.toBeInstanceOf(ConfigSecretError);
    await expect(started).rejects.toThrow(
      "db.password: the reference ${env:CC_TEST_NOT_SET_75} cannot be resolved: the variable 'CC_TEST_NOT_SET_75' is not set",
    );
  });

  it('takes a reference for text when references are off', async () => {
    app = await startApp(new MemoryConfigSource({ db: { password: '${env:CC_TEST_DB_USER}' } }), { references: false });
    expect(app.get(ConfigCenterService).get(DbConfig).password).toBe('${env:CC_TEST_DB_USER}');
  });
});
