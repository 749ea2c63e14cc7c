import { Injectable, Module, Optional } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import * as classValidator from 'class-validator';
import {
  getFromContainer,
  IsInt,
  IsString,
  Min,
  useContainer,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { ConfigCenterModule, ConfigCenterService, ConfigSection, MemoryConfigSource, type ConfigErrorEvent } from '@config-center/core';
import { bindSection, type SectionBinding } from './section-binder';
import { keyedValidatorContainer, type ValidatorContainer } from './validator-container';

@Injectable()
class KnownRegions {
  readonly names = new Set(['eu', 'us']);
}

/**
 * A fresh custom constraint class, with what it saw: how often it was constructed and which
 * instances validated. Without `KnownRegions` injected it takes any non-empty text.
 */
function regionRule() {
  const seen = { constructed: 0, validatedBy: new Set<object>() };
  @ValidatorConstraint({ name: 'isRegion' })
  @Injectable()
  class IsRegion implements ValidatorConstraintInterface {
    constructor(@Optional() private readonly known?: KnownRegions) {
      seen.constructed++;
    }
    validate(value: unknown): boolean {
      seen.validatedBy.add(this);
      return typeof value === 'string' && (this.known ? this.known.names.has(value) : value.length > 0);
    }
    defaultMessage(): string {
      return 'must be a known region';
    }
  }
  @ConfigSection('primary')
  class Primary {
    @IsInt() @Min(1) replicas = 1;
    @Validate(IsRegion) region = 'eu';
  }
  @ConfigSection('backup')
  class Backup {
    @Validate(IsRegion) region = 'us';
  }
  return { IsRegion, Primary, Backup, seen };
}

async function started(moduleRef: TestingModule) {
  await moduleRef.init();
  const config = moduleRef.get(ConfigCenterService);
  const errors: string[] = [];
  config.errors$.subscribe((event: ConfigErrorEvent) => errors.push(event.message));
  return { config, errors };
}

describe('the validator container core gives class-validator', () => {
  afterEach(() => useContainer(keyedValidatorContainer));

  it('is installed when core is imported: class-validator takes its instances from it', () => {
    class Probe {}
    expect(getFromContainer(Probe)).toBe(keyedValidatorContainer.get(Probe));
    expect(keyedValidatorContainer.get(Probe)).toBeInstanceOf(Probe);
  });

  it('validates sections as before, with one instance of a custom constraint class for every section and change', async () => {
    const { IsRegion, Primary, Backup, seen } = regionRule();
    const memory = new MemoryConfigSource({ primary: { replicas: '2' }, backup: { region: 'ap' } });
    const module = ConfigCenterModule.forRoot({ sources: [memory], sections: [Primary, Backup] });
    const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
    const { config, errors } = await started(moduleRef);
    expect(config.get(Primary)).toMatchObject({ replicas: 2, region: 'eu' });
    expect(config.get(Backup).region).toBe('ap');

    memory.set('primary.region', '');
    memory.set('primary.region', 'eu');
    memory.set('primary.replicas', 0);
    memory.set('primary.replicas', '3');
    memory.set('backup.region', 'sa');
    expect(errors).toEqual([
      expect.stringContaining('primary.region: must be a known region'),
      expect.stringContaining('primary.replicas: must not be less than 1'),
    ]);
    expect(config.get(Primary)).toMatchObject({ replicas: 3, region: 'eu' });
    expect(config.get(Backup).region).toBe('sa');
    expect(seen.constructed).toBe(1);
    expect([...seen.validatedBy]).toEqual([getFromContainer(IsRegion)]);
    await moduleRef.close();
  });

  it("gives way to the app's own container set after core is imported (Nest's useContainer with fallbackOnErrors)", async () => {
    const { IsRegion, Primary, Backup, seen } = regionRule();
    const memory = new MemoryConfigSource({});
    @Module({
      imports: [ConfigCenterModule.forRoot({ sources: [memory], sections: [Primary, Backup] })],
      providers: [KnownRegions, IsRegion],
    })
    class AppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const appContainer = moduleRef.select(AppModule);
    const get = jest.spyOn(appContainer, 'get');
    useContainer(appContainer, { fallbackOnErrors: true });
    const { config, errors } = await started(moduleRef);

    memory.set('primary.region', 'mars');
    memory.set('primary.region', 'us');
    memory.set('primary.replicas', 0);
    memory.set('primary.replicas', 2);
    expect(errors).toEqual([
      expect.stringContaining('primary.region: must be a known region'),
      expect.stringContaining('primary.replicas: must not be less than 1'),
    ]);
    expect(config.get(Primary)).toMatchObject({ replicas: 2, region: 'us' });
    expect(get).toHaveBeenCalledWith(IsRegion);
    expect(seen.validatedBy).toContain(moduleRef.get(IsRegion));
    await moduleRef.close();
  });

  it("is not installed again by a second copy of core loaded after the app's container", async () => {
    class Probe {}
    const probe = new Probe();
    useContainer({ get: (type: unknown) => (type === Probe ? probe : undefined) }, { fallback: true });
    let second: unknown;
    // A second copy of core's modules, with the one class-validator of the process (a bundled app).
    await jest.isolateModulesAsync(async () => {
      jest.doMock('class-validator', () => classValidator);
      await import('./section-binder');
      second = (await import('./validator-container')).keyedValidatorContainer;
    });
    jest.dontMock('class-validator');
    expect(second).toBeDefined();
    expect(second).not.toBe(keyedValidatorContainer);
    expect(getFromContainer(Probe)).toBe(probe);
  });
});

describe('the keyed lookup', () => {
  afterEach(() => useContainer(keyedValidatorContainer));

  class Listener {
    @IsString() host = 'localhost';
    @IsInt() @Min(1) port = 8080;
    @IsInt() @Min(1) backlog = 511;
    @IsInt() @Min(0) timeoutMs = 5000;
  }
  const binding: SectionBinding = {
    type: Listener,
    path: ['listener'],
    pathText: 'listener',
    index: 0,
    unknownKeys: 'warn',
    name: 'Listener',
  };
  const plain = { port: '8081', backlog: '128' };

  /** A class with `fields` fields, each `@IsInt()`: as many constraint classes, each used once by `container`. */
  function useManyConstraintClasses(container: ValidatorContainer, fields: number): void {
    class Others {}
    for (let k = 0; k < fields; k++) IsInt()(Others.prototype, `k${k}`);
    useContainer(container, { fallback: true });
    const values = Object.fromEntries(Array.from({ length: fields }, (_, k) => [`k${k}`, k]));
    expect(bindSection({ ...binding, type: Others }, values)).toMatchObject({ ok: true });
  }

  /** The median over `blocks` of the median time of `size` binds of the section, each block under each container in turn. */
  function bindTimes(containers: ValidatorContainer[], blocks: number, size: number): number[] {
    const medians: number[][] = containers.map(() => []);
    for (let block = 0; block < blocks; block++) {
      containers.forEach((container, i) => {
        useContainer(container, { fallback: true });
        const times: number[] = [];
        for (let n = 0; n < size; n++) {
          const began = performance.now();
          bindSection(binding, plain);
          times.push(performance.now() - began);
        }
        medians[i].push(median(times));
      });
    }
    return medians.map(median);
  }

  it('keeps one section from costing in proportion to the constraint classes the process has used', () => {
    // class-validator's default container, behind a container that never has the instance.
    const classValidatorDefault: ValidatorContainer = { get: () => undefined as never };
    for (const container of [keyedValidatorContainer, classValidatorDefault]) {
      useManyConstraintClasses(container, 10_000);
      useContainer(container, { fallback: true });
      expect(bindSection(binding, plain)).toMatchObject({ ok: true, instance: { port: 8081, backlog: 128 } });
    }
    const [keyed, linear] = bindTimes([keyedValidatorContainer, classValidatorDefault], 15, 20);
    // Each of the section's 7 constraints searches a list of 10,000: measured 20-27x the keyed cost, on a loaded machine too.
    expect(keyed * 4).toBeLessThan(linear);
  }, 30_000);
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
