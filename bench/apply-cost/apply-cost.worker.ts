import 'reflect-metadata';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { useContainer } from 'class-validator';
import { ConfigCenterModule, ConfigCenterService, MemoryConfigSource } from '@config-center/core';
import { elapsedNs, now } from '../lib/stats';
import { generateSchemaSections, generatedTree, generateSections, type FieldMix } from './generated-sections';
import type { SectionKind, ValidatorContainerChoice, WorkerReply, WorkerRequest } from './apply-cost.worker-client';

/**
 * A process holding one configuration: `sections` generated sections (classes or zod schemas) of
 * `keys` keys. On each `block` request it times `memory.set('s<mid>.k<mid>', v)` until the new
 * value reads back from the injected section, each time with a new value. Each configuration has
 * its own process so the other's classes are not in class-validator's and class-transformer's
 * global registries.
 */
class ApplyCostTarget {
  private changes = 0;
  private readonly path: string;
  private readonly key: string;
  private readonly view: Record<string, number>;
  private readonly service: ConfigCenterService;
  private readonly versionAtBoot: number;

  constructor(
    private readonly app: INestApplicationContext,
    private readonly memory: MemoryConfigSource,
    view: Record<string, number>,
    index: number,
    keys: number,
  ) {
    this.key = `k${Math.floor(keys / 2)}`;
    this.path = `s${index}.${this.key}`;
    this.view = view;
    this.service = app.get(ConfigCenterService);
    this.versionAtBoot = this.service.status().version;
  }

  /** Makes `changes` one-key changes, each timed from `set` until the injected section shows it. */
  block(changes: number): number[] {
    const samples: number[] = [];
    for (let i = 0; i < changes; i++) {
      const value = 1_000_000 + ++this.changes;
      const start = now();
      this.memory.set(this.path, value);
      if (this.view[this.key] !== value) throw new Error(`${this.path} reads ${this.view[this.key]} after set(${value})`);
      samples.push(elapsedNs(start));
    }
    return samples;
  }

  /** Closes the application; returns how many versions the changes made. */
  async close(): Promise<number> {
    const applied = this.service.status().version - this.versionAtBoot;
    await this.app.close();
    return applied;
  }
}

async function boot(sections: number, keys: number, kind: SectionKind, mix: FieldMix): Promise<[ApplyCostTarget, number]> {
  const types = kind === 'schema' ? generateSchemaSections(sections, keys, mix) : generateSections(sections, keys, mix);
  const memory = new MemoryConfigSource(generatedTree(sections, keys, mix));
  class ApplyCostModule {}
  Module({ imports: [ConfigCenterModule.forRoot({ sources: [memory], sections: types, isGlobal: true })] })(ApplyCostModule);
  const start = now();
  const app = await NestFactory.createApplicationContext(ApplyCostModule, { logger: false });
  const bootMs = elapsedNs(start) / 1e6;
  const index = Math.floor(sections / 2);
  const section = types[index];
  const view = app.get<Record<string, number>>('token' in section ? section.token : section);
  return [new ApplyCostTarget(app, memory, view, index, keys), bootMs];
}

/**
 * What an app gets when it installs a container of its own that falls back to class-validator's
 * default one (Nest's `useContainer(app.select(AppModule), { fallbackOnErrors: true })` for every
 * constraint class that is not a provider): a container that never has the object, behind which
 * class-validator's default container searches a list of every constraint class the process has used.
 */
function useClassValidatorDefaultContainer(): void {
  useContainer({ get: () => undefined }, { fallback: true });
}

/** Answers the parent; the last answer also lets the process exit. */
function reply(message: WorkerReply, last = false): void {
  process.send?.(message, () => (last ? process.disconnect() : undefined));
}

function fail(error: Error): void {
  reply({ kind: 'failed', message: error.stack ?? error.message }, true);
}

async function serve(target: ApplyCostTarget, request: WorkerRequest): Promise<void> {
  if (request.kind === 'block') reply({ kind: 'block', samplesNs: target.block(request.changes) });
  else reply({ kind: 'closed', versionsApplied: await target.close() }, true);
}

const [sections, keys] = process.argv.slice(2, 4).map(Number);
if ((process.argv[4] as ValidatorContainerChoice) === 'class-validator-default') useClassValidatorDefaultContainer();
boot(sections, keys, process.argv[5] as SectionKind, process.argv[6] as FieldMix).then(([target, bootMs]) => {
  process.on('message', (request: WorkerRequest) => serve(target, request).catch(fail));
  reply({ kind: 'ready', bootMs });
}, fail);
