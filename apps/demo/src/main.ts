import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule.register({ configPath: process.env.CONFIG_PATH }));
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port, '127.0.0.1');
  Logger.log(`Demo on http://127.0.0.1:${port}/greeting — edit apps/demo/config/app.yaml and ask again`, 'Demo');
}

void bootstrap();
