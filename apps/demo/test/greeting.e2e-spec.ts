import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ConfigStatus } from '@config-center/core';
import { AppModule } from '../src/app.module';

describe('demo: live config over HTTP', () => {
  let dir: string;
  let configPath: string;
  let app: INestApplication;
  let base: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'config-center-demo-'));
    configPath = join(dir, 'app.yaml');
    await copyFile(join(__dirname, '..', 'config', 'app.yaml'), configPath);
    app = await NestFactory.create(AppModule.register({ configPath, cachePath: join(dir, 'cache.json') }), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterEach(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  const greeting = async (): Promise<{ message: string; limit: number }> =>
    (await fetch(`${base}/greeting`)).json() as Promise<{ message: string; limit: number }>;
  const status = async (): Promise<ConfigStatus> => (await fetch(`${base}/config/status`)).json() as Promise<ConfigStatus>;

  async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const value = await read();
      if (accept(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('serves the file config and follows an edit of the file without a restart', async () => {
    expect(await greeting()).toEqual({ message: 'Hello from config-center!', limit: 5 });
    const yaml = await readFile(configPath, 'utf8');
    await writeFile(configPath, yaml.replace('shout: false', 'shout: true').replace('limit: 5', 'limit: 9'));
    expect(await until(greeting, (body) => body.limit === 9)).toEqual({ message: 'HELLO FROM CONFIG-CENTER!', limit: 9 });
  });

  it('rejects an invalid edit, keeps serving the last good config, and reports it in status', async () => {
    const yaml = await readFile(configPath, 'utf8');
    await writeFile(configPath, yaml.replace('limit: 5', 'limit: -5'));
    const after = await until(status, (body) => body.sources[0].rejectedUpdates === 1);
    expect(after.sources[0].lastError?.message).toContain('rateLimit.limit must not be less than 1');
    expect(after.version).toBe(1);
    expect(await greeting()).toEqual({ message: 'Hello from config-center!', limit: 5 });
  });
});
