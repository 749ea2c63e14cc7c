import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { Registry } from 'prom-client';
import { firstValueFrom } from 'rxjs';
import {
  ConfigCenterModule,
  ConfigCenterService,
  ConfigSecretError,
  ConfigSection,
  MemoryConfigSource,
  Secret,
  type ConfigCenterModuleOptions,
} from '@config-center/core';
import { ConfigCenterMetricsModule } from '@config-center/core/prometheus';
import { encryptValue, SecretKeyError, StaticKeyring } from '@config-center/core/secrets';
import { waitFor } from '@config-center/testing/harness';
import { IsString } from 'class-validator';

@ConfigSection('db')
class DbConfig {
  @IsString() host = 'localhost';
  @Secret() @IsString() password = '';
}

const key = randomBytes(32);
const keyring = new StaticKeyring(new Map([['k1', key]]));
const seal = (text: string, path = 'db.password', kid = 'k1') => encryptValue(text, kid, { path, keyring });

async function startApp(memory: MemoryConfigSource, options: Partial<ConfigCenterModuleOptions>, registry = new Registry()) {
  @Module({
    imports: [
      ConfigCenterModule.forRoot({ sources: [memory], sections: [DbConfig], isGlobal: true, ...options }),
      ConfigCenterMetricsModule.forRoot({ registry }),
    ],
  })
  class AppModule {}
  const app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
  await app.init();
  return app;
}

describe('encrypted values in a running app (secrets)', () => {
  let app: INestApplication | undefined;
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cc-secrets-'))));
  afterEach(async () => {
    await app?.close();
    app = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the plaintext to the section, keeps ciphertext at rest, and quarantines a value it cannot open as kind secret', async () => {
    const registry = new Registry();
    const memory = new MemoryConfigSource({ db: { host: 'db1', password: seal('first-pw-61') } });
    const cache = join(dir, 'last-good.json');
    app = await startApp(memory, { cache: { path: cache }, secrets: { keys: { k1: key.toString('base64') } } }, registry);
    const config = app.get(ConfigCenterService);
    expect(config.get(DbConfig).password).toBe('first-pw-61');
    expect(JSON.stringify(config.get(DbConfig))).not.toContain('first-pw-61');
    const view = app.get(DbConfig);
    expect(view.password).toBe('first-pw-61');
    expect(JSON.parse(JSON.stringify(view))).toEqual({ host: 'db1', password: '[secret]' });
    expect(inspect(view)).toContain("password: '[secret]'");
    await waitFor(() => existsSync(cache), 'the last-good cache');
    expect(readFileSync(cache, 'utf8')).toContain('enc:v1:aes256gcm:k1:');
    expect(readFileSync(cache, 'utf8')).not.toContain('first-pw-61');

    for (const [bad, kid] of [
      [seal('moved-pw-62', 'other.password'), 'k1'],
      [seal('tampered-pw-63').replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), 'k1'],
      [seal('unknown-pw-64').replace(':k1:', ':k7:'), 'k7'],
    ]) {
      const rejection = firstValueFrom(config.errors$);
      memory.set('db.password', bad);
      const event = await rejection;
      expect(event).toMatchObject({ kind: 'secret', source: 'memory' });
      expect(event.error).toBeInstanceOf(ConfigSecretError);
      expect(event.message).toContain(`db.password: cannot be decrypted with key '${kid}'`);
      expect(JSON.stringify({ message: event.message, details: event.details, status: config.status() })).not.toMatch(/-pw-6|enc:/);
      expect(config.get(DbConfig).password).toBe('first-pw-61');
      expect(config.status().quarantined.map((q) => q.section)).toEqual(['db']);
    }
    const counted = (await registry.getSingleMetric('config_center_rejections_total')?.get())?.values ?? [];
    expect(counted.find((v) => v.labels.kind === 'secret' && v.labels.source === 'memory')?.value).toBe(3);

    memory.set('db.password', seal('second-pw-65'));
    await waitFor(() => config.get(DbConfig).password === 'second-pw-65', 'the next good value');
    expect(config.status().quarantined).toEqual([]);
    expect(JSON.stringify(config.status())).not.toContain('second-pw-65');
  });

  it('refuses every enc: value when the app holds no keys: startup fails naming the path and key id', async () => {
    const memory = new MemoryConfigSource({ db: { password: seal('no-keys-pw') } });
    const started = startApp(memory, {});
    await expect(started).rejects.toBeInstanceOf(ConfigSecretError);
    await expect(started).rejects.toThrow("db.password: cannot be decrypted with key 'k1': no key with this id is held");
  });

  it('fails startup on a key that is not 32 bytes, naming its id and not the key', async () => {
    const short = randomBytes(24).toString('base64');
    const started = startApp(new MemoryConfigSource({}), { secrets: { keys: { k1: short } } });
    await expect(started).rejects.toBeInstanceOf(SecretKeyError);
    await expect(started).rejects.toThrow('secret key secrets.keys.k1: is not base64 of 32 bytes (it decodes to 24)');
    await started.catch((error: Error) => expect(error.message).not.toContain(short));
  });
});
