import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigCenterModule, ConfigCenterService, ConfigSection, type ConfigErrorEvent } from '@config-center/core';
import { CONFIG_STORE, type ConfigStore } from '@config-center/core/source-kit';
import { EtcdConfigSource } from '@config-center/etcd';
import { waitFor } from '@config-center/testing/harness';
import { IsBoolean, IsInt, Min } from 'class-validator';
import type { Etcd3 } from 'etcd3';
import { ConfigStoreModel, naturalOf, validObject, type ModelSection } from './config-store-model';
import { EtcdSourceModel, treeOfKeys } from './etcd-source-model';
import { INITIAL_KEYS, writeStep, type ModelStep } from './model-steps';

@ConfigSection('rate')
class RateConfig {
  @IsInt() @Min(0) limit = 0;
}

@ConfigSection('feat')
class FeatConfig {
  @IsBoolean() on = false;
  @IsInt() @Min(0) level = 0;
}

/** Free-form: any object (never a bare value) is valid. */
@ConfigSection('misc', { unknownKeys: 'ignore' })
class MiscConfig {}

/** The same three sections as the model sees them, written from the classes' constraints. */
const MODEL_SECTIONS: readonly ModelSection[] = [
  { path: 'rate', valid: (tree) => validObject(tree, { limit: (v) => naturalOf(v) !== undefined }) },
  { path: 'feat', valid: (tree) => validObject(tree, { on: (v) => typeof v === 'boolean', level: (v) => naturalOf(v) !== undefined }) },
  { path: 'misc', valid: (tree) => validObject(tree, {}) },
];

/** What the oracle made of a step. */
export type StepOutcome = 'applied' | 'rejected' | 'held-back' | 'none';

/**
 * One run of the model-based fuzz: an app (the real module, one `EtcdConfigSource`) on a fresh
 * prefix of a real etcd, and the oracle beside it. Each step is written to etcd as one revision,
 * taken by the models, and — once the source has passed that revision — the app's applied tree,
 * its sections, its quarantine list, its state and the errors the step raised are compared with
 * the oracle's.
 */
export class ModelRun {
  readonly history: string[] = [];
  private readonly errors: ConfigErrorEvent[] = [];

  private constructor(
    private readonly etcd: { readonly client: Etcd3; readonly hosts: string[]; readonly prefix: string },
    private readonly moduleRef: TestingModule,
    private readonly source: EtcdConfigSource,
    private readonly sourceModel: EtcdSourceModel,
    private readonly storeModel: ConfigStoreModel,
  ) {
    moduleRef.get(ConfigCenterService).errors$.subscribe((event) => this.errors.push(event));
  }

  /** Writes the initial keys under `prefix`, then starts the app on them. */
  static async start(client: Etcd3, hosts: string[], prefix: string): Promise<ModelRun> {
    for (const { key, value } of INITIAL_KEYS) await client.put(`${prefix}${key}`).value(value!);
    return await ModelRun.boot({ client, hosts, prefix }, new EtcdSourceModel(INITIAL_KEYS));
  }

  private static async boot(etcd: ModelRun['etcd'], sourceModel: EtcdSourceModel): Promise<ModelRun> {
    const { hosts, prefix } = etcd;
    const source = new EtcdConfigSource({ hosts, prefix, reconcileIntervalMs: 0, retry: { initialDelayMs: 20, maxDelayMs: 200 } });
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigCenterModule.forRoot({ sources: [source], sections: [RateConfig, FeatConfig, MiscConfig] })],
    }).compile();
    await moduleRef.init();
    const run = new ModelRun(etcd, moduleRef, source, sourceModel, new ConfigStoreModel(MODEL_SECTIONS, sourceModel.serving));
    run.expectModel('startup');
    return run;
  }

  /**
   * Closes the app and starts a new one on the same keys, compared with a fresh load of the
   * oracle (a key that cannot be read is left out). `undefined`, with the app left running, when
   * that load would hold an invalid section: with no cache, startup then fails by design.
   */
  async restarted(): Promise<ModelRun | undefined> {
    const fresh = this.sourceModel.reloaded();
    const tree = treeOfKeys(fresh.serving);
    if (!MODEL_SECTIONS.every((section) => section.valid(tree[section.path]))) return undefined;
    await this.close();
    return await ModelRun.boot(this.etcd, fresh);
  }

  /**
   * Writes `step`, waits until the source has passed its revision, and compares the app with the
   * oracle; resolves with what the oracle made of it.
   */
  async run(step: ModelStep): Promise<StepOutcome> {
    const outcome = this.sourceModel.apply(step.writes);
    const errorsBefore = this.errors.length;
    const revision = await writeStep(this.etcd.client, this.etcd.prefix, step);
    const taken = outcome.kind === 'batch' ? this.storeModel.deliver(outcome.keys) : outcome.kind;
    this.history.push(`${step.label} → ${taken} (revision ${revision})`);
    await waitFor(() => this.source.revision >= revision, `the source to pass revision ${revision}`, 15_000);
    const unreadable = outcome.kind === 'held-back' ? outcome.unreadable.map((key) => `${this.etcd.prefix}${key}`) : [];
    const named = (location: unknown) => (unreadable.includes(location as string) ? 'an unreadable key of the step' : location);
    const raised = this.errors
      .slice(errorsBefore)
      .map((e) => ({ kind: e.kind, revision: e.revision, names: named((e.details as { location?: unknown })?.location) }));
    const expected = {
      applied: [],
      none: [],
      rejected: [{ kind: 'validation', revision: String(revision), names: undefined }],
      'held-back': [{ kind: 'parse', revision: undefined, names: 'an unreadable key of the step' }],
    }[taken];
    this.expectModel(step.label, { raised, expected });
    return taken;
  }

  /** The tree the app serves. */
  get appliedTree(): Record<string, unknown> {
    return this.moduleRef.get<ConfigStore>(CONFIG_STORE).current.tree as Record<string, unknown>;
  }

  /** The sections and tree the app applied, its quarantine and state (and `errors`), as the oracle has them. */
  private expectModel(after: string, errors = { raised: [] as unknown[], expected: [] as unknown[] }): void {
    const service = this.moduleRef.get(ConfigCenterService);
    const store = this.moduleRef.get<ConfigStore>(CONFIG_STORE);
    const tree = this.storeModel.tree;
    const rate = tree.rate as Record<string, unknown> | undefined;
    const feat = tree.feat as Record<string, unknown> | undefined;
    const status = service.status();
    const actual = {
      tree: store.current.tree,
      rate: { ...service.get(RateConfig) },
      feat: { ...service.get(FeatConfig) },
      quarantined: status.quarantined.map((q) => q.section).sort(),
      state: status.state,
      errors: errors.raised,
    };
    const expected = {
      tree,
      rate: { limit: naturalOf(rate?.limit) ?? 0 },
      feat: { on: feat?.on ?? false, level: naturalOf(feat?.level) ?? 0 },
      quarantined: this.storeModel.quarantined,
      state: this.storeModel.quarantined.length ? 'degraded' : 'ready',
      errors: errors.expected,
    };
    try {
      expect(actual).toEqual(expected);
    } catch (error) {
      const steps = this.history.map((line, i) => `  ${i + 1}. ${line}`).join('\n');
      const pending = this.storeModel.pendingKeys.join(', ') || 'none';
      (error as Error).message = `After ${after}; oracle's pending keys: ${pending}; steps:\n${steps}\n\n${(error as Error).message}`;
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.moduleRef.close();
  }
}
