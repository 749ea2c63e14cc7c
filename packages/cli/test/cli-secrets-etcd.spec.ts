import { Test, type TestingModule } from '@nestjs/testing';
import type { LoggerService } from '@nestjs/common';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ConfigCenterModule, ConfigCenterService, ConfigSection, Secret, type ConfigErrorEvent } from '@config-center/core';
import { EtcdConfigSource } from '@config-center/etcd';
import { EtcdCluster, waitFor } from '@config-center/testing/harness';
import { IsString } from 'class-validator';
import type { Etcd3 } from 'etcd3';
import { firstValueFrom } from 'rxjs';
import { runCli } from './support/run-cli';

@ConfigSection('db')
class DbConfig {
  @IsString() host = 'localhost';
  @Secret() @IsString() password = '';
}

/** The envelope with the first character of its ciphertext changed. */
const tamper = (envelope: string) =>
  envelope.replace(/:(.)([^:]*)$/, (_, first: string, rest: string) => `:${first === 'A' ? 'B' : 'A'}${rest}`);

/** The plaintexts of this spec share a marker, so that one search finds any of them in any output. */
const MARK = 'pl41n';

/** A value encrypted by the CLI process reaches a running app over real etcd; no plaintext leaves the section instance. */
describe('an encrypted value from the CLI, through etcd, in a running app', () => {
  const prefix = '/secrets-e2e/orders/';
  let dir: string;
  let cluster: EtcdCluster | undefined;
  let moduleRef: TestingModule | undefined;
  let etcd: Etcd3;
  const logged: string[] = [];
  const logger: LoggerService = Object.fromEntries(
    ['log', 'error', 'warn', 'debug', 'verbose', 'fatal'].map((level) => [level, (...args: unknown[]) => logged.push(inspect(args))]),
  ) as unknown as LoggerService;
  const cli = async (args: string[], input?: string, keyDir = join(dir, 'keys')) => {
    const run = await runCli([...args, '--key-dir', keyDir], { cwd: dir, input });
    expect(run.stderr).toBe('');
    return run.stdout.trim();
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cc-secrets-e2e-'));
    cluster = await EtcdCluster.start();
    etcd = cluster.client();
  }, 60_000);

  afterAll(async () => {
    await moduleRef?.close();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('serves the plaintext to the @Secret() field; status, cache, log and errors$ never hold it; bad values quarantine', async () => {
    await cli(['keygen', '--kid', 'k1']);
    await etcd.put(`${prefix}db/host`).value('db1.internal');
    await etcd.put(`${prefix}db/password`).value(await cli(['encrypt', '--path', 'db.password', '--kid', 'k1'], `first-${MARK}\n`));
    const cache = join(dir, 'last-good.json');
    const source = new EtcdConfigSource({ hosts: cluster!.endpoints, prefix });
    const module = ConfigCenterModule.forRoot({
      sources: [source],
      sections: [DbConfig],
      cache: { path: cache },
      secrets: { keyDir: join(dir, 'keys') },
    });
    moduleRef = await Test.createTestingModule({ imports: [module] })
      .setLogger(logger)
      .compile();
    await moduleRef.init();
    const config = moduleRef.get(ConfigCenterService);
    const errors: ConfigErrorEvent[] = [];
    config.errors$.subscribe((event) => errors.push(event));
    expect(config.get(DbConfig)).toMatchObject({ host: 'db1.internal', password: `first-${MARK}` });
    await waitFor(() => existsSync(cache), 'the last-good cache', 10_000);
    expect(readFileSync(cache, 'utf8')).toContain('enc:v1:aes256gcm:k1:');

    await cli(['keygen', '--kid', 'k2'], undefined, join(dir, 'other-keys'));
    const bad: [string, string][] = [
      ['moved', await cli(['encrypt', '--path', 'db.host', '--kid', 'k1'], `moved-${MARK}`)],
      ['tampered', tamper(await cli(['encrypt', '--path', 'db.password', '--kid', 'k1'], `tampered-${MARK}`))],
      ['unknown kid', await cli(['encrypt', '--path', 'db.password', '--kid', 'k2'], `unknown-${MARK}`, join(dir, 'other-keys'))],
    ];
    for (const [what, envelope] of bad) {
      const rejection = firstValueFrom(config.errors$);
      await etcd.put(`${prefix}db/password`).value(envelope);
      const event = await rejection;
      expect([what, event.kind]).toEqual([what, 'secret']);
      expect(event.message).toContain(`db.password: cannot be decrypted with key '${what === 'unknown kid' ? 'k2' : 'k1'}'`);
      expect(config.get(DbConfig).password).toBe(`first-${MARK}`);
      expect(config.status().quarantined.map((q) => q.section)).toEqual(['db']);
    }

    await etcd.put(`${prefix}db/password`).value(await cli(['encrypt', '--path', 'db.password', '--kid', 'k1'], `second-${MARK}`));
    await waitFor(() => config.get(DbConfig).password === `second-${MARK}`, 'the next good value', 10_000);
    const outputs = {
      status: JSON.stringify(config.status()),
      cache: readFileSync(cache, 'utf8'),
      log: logged.join('\n'),
      errors: inspect(
        errors.map(({ message, details, error }) => ({ message, details, error: inspect(error) })),
        { depth: 8 },
      ),
      section: `${JSON.stringify(config.get(DbConfig))} ${inspect(config.get(DbConfig))}`,
    };
    expect(errors.map((e) => e.kind)).toEqual(['secret', 'secret', 'secret']);
    expect(logged.filter((line) => line.includes('db.password: cannot be decrypted'))).toHaveLength(3);
    for (const [where, text] of Object.entries(outputs)) expect([where, text.includes(MARK)]).toEqual([where, false]);
  }, 90_000);
});
