import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigCenterModule, ConfigCenterService, MemoryConfigSource } from '@config-center/core';
import { FeatureFlag, FeatureFlags, FeatureFlagsModule } from '@config-center/live';

@Controller('checkout')
class CheckoutController {
  constructor(private readonly flags: FeatureFlags) {}

  @Get()
  checkout(): { flow: string } {
    return { flow: this.flags.isEnabled('checkout.v2') ? 'v2' : 'v1' };
  }

  @Get('v2')
  @FeatureFlag('checkout.v2')
  checkoutV2(): { flow: string } {
    return { flow: 'v2' };
  }

  @Get('express')
  @FeatureFlag('checkout.v2')
  @FeatureFlag('checkout.express', { status: 403 })
  express(): { flow: string } {
    return { flow: 'express' };
  }

  @Get('legacy')
  @FeatureFlag('checkout.legacy', { fallback: true })
  legacy(): { flow: string } {
    return { flow: 'legacy' };
  }
}

@Controller('beta')
@FeatureFlag('beta', { status: 503 })
class BetaController {
  @Get()
  beta(): { beta: boolean } {
    return { beta: true };
  }
}

describe('@FeatureFlag and FeatureFlags over HTTP', () => {
  let memory: MemoryConfigSource;
  let app: INestApplication;
  let base: string;

  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`);
    return { status: response.status, body: (await response.json()) as unknown };
  };

  beforeEach(async () => {
    memory = new MemoryConfigSource({ features: { checkout: { v2: true, express: true }, beta: true } });
    @Module({
      imports: [ConfigCenterModule.forRoot({ sources: [memory], isGlobal: true }), FeatureFlagsModule.forRoot()],
      controllers: [CheckoutController, BetaController],
    })
    class AppModule {}
    app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterEach(() => app.close());

  it('serves a flagged route while the flag is on and answers 404 — like a missing route — on the next request after it is turned off', async () => {
    expect(await get('/checkout/v2')).toEqual({ status: 200, body: { flow: 'v2' } });
    memory.set('features.checkout.v2', false);
    expect(await get('/checkout/v2')).toEqual({
      status: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'Cannot GET /checkout/v2' },
    });
    expect((await get('/checkout/nothing-here')).body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Cannot GET /checkout/nothing-here',
    });
    memory.set('features.checkout.v2', true);
    expect((await get('/checkout/v2')).status).toBe(200);
  });

  it("counts the flags' root as read at startup, though flags are read per request: features is no top-level typo", async () => {
    expect(app.get(ConfigCenterService).status()).toMatchObject({ unknownKeys: [], uncoveredKeys: [] });
    memory.set('featurez', { beta: true });
    expect(app.get(ConfigCenterService).status().uncoveredKeys).toEqual([{ key: 'featurez', didYouMean: 'features' }]);
  });

  it('reads a flag in code, live', async () => {
    expect((await get('/checkout')).body).toEqual({ flow: 'v2' });
    memory.set('features.checkout.v2', false);
    expect((await get('/checkout')).body).toEqual({ flow: 'v1' });
  });

  it('needs every flag of a route, each with its own status', async () => {
    expect((await get('/checkout/express')).status).toBe(200);
    memory.set('features.checkout.express', false);
    expect(await get('/checkout/express')).toEqual({
      status: 403,
      body: { statusCode: 403, message: "Feature 'checkout.express' is off" },
    });
    memory.set('features.checkout.v2', false);
    expect((await get('/checkout/express')).status).toBe(404);
  });

  it('guards every route of a flagged controller, and treats a value that is not a boolean as off', async () => {
    expect((await get('/beta')).status).toBe(200);
    memory.set('features.beta', 'yes');
    expect((await get('/beta')).status).toBe(503);
    memory.set('features.beta', 'true');
    expect((await get('/beta')).status).toBe(200);
  });

  it('uses the fallback while the config does not hold the flag', async () => {
    expect((await get('/checkout/legacy')).status).toBe(200);
    memory.set('features.checkout.legacy', false);
    expect((await get('/checkout/legacy')).status).toBe(404);
    memory.delete('features.checkout.legacy');
    expect((await get('/checkout/legacy')).status).toBe(200);
  });
});
