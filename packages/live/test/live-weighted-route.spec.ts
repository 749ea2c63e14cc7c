import { Controller, Get, Injectable, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigCenterModule, ConfigCenterService, ConfigSection, MemoryConfigSource, type ConfigErrorEvent } from '@config-center/core';
import { IsRouteWeights, WeightedRoute, type RouteWeights } from '@config-center/live';

@ConfigSection('routes')
class RoutesConfig {
  @IsRouteWeights({ names: ['v1', 'v2'] }) greeting: RouteWeights = { v1: 100, v2: 0 };
}

@Injectable()
class Greeters {
  readonly smooth: WeightedRoute<() => string>;
  readonly random: WeightedRoute<() => string>;
  /** On a path no section covers. */
  readonly untyped: WeightedRoute<() => string>;

  constructor(config: ConfigCenterService) {
    const targets = { v1: () => 'v1', v2: () => 'v2' };
    this.smooth = new WeightedRoute(config, 'routes.greeting', targets);
    this.random = new WeightedRoute(config, 'routes.greeting', targets, { strategy: 'random' });
    this.untyped = new WeightedRoute(config, 'splits.greeting', targets);
  }
}

@Controller('greeting')
class GreetingController {
  constructor(private readonly greeters: Greeters) {}

  @Get('smooth')
  smooth(): string {
    return this.greeters.smooth.pick()();
  }

  @Get('random')
  random(): string {
    return this.greeters.random.pick()();
  }
}

describe('WeightedRoute over HTTP', () => {
  let memory: MemoryConfigSource;
  let app: INestApplication;
  let base: string;

  /** `count` requests, 10 at a time; how many each implementation served. */
  async function split(path: string, count: number): Promise<Record<string, number>> {
    const served: Record<string, number> = {};
    let sent = 0;
    const lane = async () => {
      while (sent++ < count) {
        const name = await (await fetch(`${base}${path}`)).text();
        served[name] = (served[name] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: 10 }, lane));
    return served;
  }

  beforeEach(async () => {
    memory = new MemoryConfigSource({ routes: { greeting: { v1: 80, v2: 20 } }, splits: { greeting: { v2: 1 } } });
    @Module({
      imports: [ConfigCenterModule.forRoot({ sources: [memory], sections: [RoutesConfig], isGlobal: true })],
      controllers: [GreetingController],
      providers: [Greeters],
    })
    class AppModule {}
    app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterEach(() => app.close());

  it('splits calls exactly by the weights (smooth), and sends all to v2 once v1 is set to 0', async () => {
    expect(await split('/greeting/smooth', 500)).toEqual({ v1: 400, v2: 100 });
    memory.set('routes.greeting.v1', 0);
    expect(await split('/greeting/smooth', 100)).toEqual({ v2: 100 });
  }, 30_000);

  it('splits random picks within ±3 percentage points of the weights (4.7 standard deviations at n = 4000)', async () => {
    const route = app.get(Greeters).random;
    const served = { v1: 0, v2: 0 } as Record<string, number>;
    for (let i = 0; i < 4000; i++) served[route.pickName()]++;
    expect(served.v1 + served.v2).toBe(4000);
    expect(Math.abs(served.v2 - 800)).toBeLessThanOrEqual(120);
    expect(await (await fetch(`${base}/greeting/random`)).text()).toMatch(/^v[12]$/);
  });

  it('counts the path of a route made at startup as read, though it is read per call: its top-level key is no typo', async () => {
    expect(app.get(ConfigCenterService).status()).toMatchObject({ unknownKeys: [], uncoveredKeys: [] });
    expect(app.get(Greeters).untyped.pickName()).toBe('v2');
  });

  it('rejects invalid weights and keeps routing by the last good ones', async () => {
    const errors: ConfigErrorEvent[] = [];
    app.get(ConfigCenterService).errors$.subscribe((event) => errors.push(event));
    memory.set('routes.greeting', { v1: -1, v2: 5 });
    memory.set('routes.greeting', { v1: 1, v3: 5 });
    memory.set('routes.greeting', { v1: 0, v2: 0 });
    expect(errors.map((event) => event.message.replace(/^Config source '[^']*' · /, ''))).toEqual([
      "routes.greeting: must hold numbers of at least 0; 'v1' does not",
      "routes.greeting: names 'v3', which is not one of v1, v2",
      'routes.greeting: must give at least one name a weight above 0',
    ]);
    expect(await split('/greeting/smooth', 100)).toEqual({ v1: 80, v2: 20 });
  });
});
