import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { LiveConsoleLogger } from '@config-center/live';
import { AppModule } from './app.module';
import { demoOptionsFromEnv } from './demo-options';
import { labelsText } from './instance-report-env';
import { startStandInUpstream } from './stand-in-upstreams';

/**
 * Starts the stand-in upstreams `a` (:3001) and `b` (:3002) for `GET /upstream`; a busy port is
 * reported, not fatal. `UPSTREAM_STAND_INS=off` starts none (the fleet demo runs one pair for all).
 */
async function startStandIns(): Promise<void> {
  if (process.env.UPSTREAM_STAND_INS === 'off') return;
  const ports = { a: Number(process.env.UPSTREAM_A_PORT ?? 3001), b: Number(process.env.UPSTREAM_B_PORT ?? 3002) };
  for (const [name, port] of Object.entries(ports)) {
    await startStandInUpstream(name, port).catch((error: Error) =>
      Logger.warn(`stand-in upstream ${name} not started: ${error.message}`, 'Demo'),
    );
  }
}

async function bootstrap(): Promise<void> {
  const options = demoOptionsFromEnv(process.env);
  await startStandIns();
  // abortOnError: false, so that a failed start reaches the handler below, which says why.
  const app = await NestFactory.create(AppModule.register(options), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(LiveConsoleLogger));
  app.flushLogs();
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? 3000);
  try {
    await app.listen(port, '127.0.0.1');
  } catch (error) {
    // Closing lets the last-good cache finish its write, so no temp file is left behind.
    await app.close();
    throw error;
  }
  const file = options.configPath ?? 'apps/demo/config/app.yaml';
  const sources = options.etcd ? `${file} and etcd at ${options.etcd.endpoints.join(', ')}` : file;
  Logger.log(`Demo on http://127.0.0.1:${port}/greeting — config from ${sources}; edit it and ask again`, 'Demo');
  const report = options.etcd?.report;
  if (report)
    Logger.log(`Reporting to etcd as ${report.instanceId ?? 'a new id'} with labels ${labelsText(report.labels) || 'none'}`, 'Demo');
}

bootstrap().catch((error: unknown) => {
  Logger.error(`The demo could not start: ${(error as Error).message}`, 'Demo');
  // Logs buffered before the app logger was installed (a module that failed to start) are printed now.
  Logger.flush();
  process.exit(1);
});
