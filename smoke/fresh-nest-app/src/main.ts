// src/main.ts as `nest new` (NestJS 11) writes it; the getting-started of the root README replaces
// src/app.module.ts beside it (scripts/docs-examples.js).
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  await app.listen(process.env.PORT ?? 3000);
}
bootstrap();
