import { sectionMetadataOf } from '../decorators/config-section.decorator';
import { isSchemaSection, sectionNameOf } from '../decorators/define-section';
import { ConfigCenterError } from '../errors';
import { secretFieldsOf } from '../decorators/secret.decorator';
import { NO_KEYS, type SecretKeyring } from '../secrets/secret-keyring';
import { OpenedValues } from '../secrets/opened-values';
import type { ReferenceResolver } from '../secrets/secret-reference';
import type { Section, UnknownKeysPolicy } from '../interfaces/config-center-options.interface';
import { parsePath, pathsOverlap } from '../tree/config-path';
import { untypedValue } from '../parsing/value-text';
import { getAt, readProperty } from '../tree/tree-ops';
import type { RequiredPath, SnapshotReader } from './config-snapshot';
import { KeyCoverage } from './key-coverage';
import type { SectionBinding } from './section-binder';

/**
 * The section classes of a store — every one registered before the first load — the paths that
 * must hold a value, and how to read a path from a snapshot given those sections.
 */
export class SectionRegistry {
  private requiredPaths: readonly RequiredPath[] = [];
  private readonly bindings = new Map<Section, SectionBinding>();
  private readonly readers = new Map<string, SnapshotReader>();
  private list: readonly SectionBinding[] = [];

  /** The top-level keys that registered sections and the paths read through `reader` cover. */
  readonly coverage: KeyCoverage;

  /**
   * `unknownKeys`: the policy of sections that do not name one; `ignoreKeys`: paths whose keys no
   * one is told of; `keyring`: the keys that open `enc:` values (none: each is refused);
   * `references`: what resolves `${file:…}` / `${env:…}` values (none: they are text).
   */
  constructor(
    private readonly unknownKeys: UnknownKeysPolicy,
    private readonly ignoreKeys: readonly string[] = [],
    private readonly keyring: SecretKeyring = NO_KEYS,
    private readonly references?: ReferenceResolver,
  ) {
    this.coverage = new KeyCoverage(unknownKeys, ignoreKeys);
  }

  get(type: Section): SectionBinding | undefined {
    return this.bindings.get(type);
  }

  /** Every binding, in registration order. */
  all(): readonly SectionBinding[] {
    return this.list;
  }

  /** The binding at `index`. */
  at(index: number): SectionBinding {
    return this.list[index];
  }

  /** Binds a section (a class or a schema section) to its path at the next index; one registered twice keeps its first binding. */
  register(type: Section): SectionBinding {
    const existing = this.bindings.get(type);
    if (existing) return existing;
    const metadata = isSchemaSection(type) ? type : sectionMetadataOf(type);
    const path = parsePath(metadata.path);
    const unknownKeys = metadata.unknownKeys ?? this.unknownKeys;
    const { ignoreKeys, keyring, references } = this;
    const secretFields = secretFieldsOf(type);
    const binding = {
      type,
      name: sectionNameOf(type),
      path,
      pathText: path.join('.'),
      index: this.bindings.size,
      unknownKeys,
      ignoreKeys,
      secretFields,
      keyring,
      references,
      opened: new OpenedValues(),
    };
    this.coverage.cover(path);
    this.bindings.set(type, binding);
    this.list = [...this.bindings.values()];
    this.readers.clear();
    return binding;
  }

  /** The paths that must hold a value. */
  required(): readonly RequiredPath[] {
    return this.requiredPaths;
  }

  require(path: RequiredPath): void {
    this.requiredPaths = [...this.requiredPaths, path];
  }

  /** `reader(parsePath(path))`, remembered per path until another section is added. */
  readerFor(path: string): SnapshotReader {
    let reader = this.readers.get(path);
    if (!reader) {
      if (this.readers.size >= 1024) this.readers.clear();
      reader = this.reader(parsePath(path));
      this.readers.set(path, reader);
    }
    return reader;
  }

  /**
   * A function that reads `path` from a snapshot: through the validated instance of the deepest
   * section that covers it (so values have their declared types and defaults), else from the tree,
   * each text leaf as its JSON value when it parses (`untypedValue`).
   */
  reader(path: readonly string[]): SnapshotReader {
    this.coverage.cover(path);
    let covering: SectionBinding | undefined;
    for (const binding of this.list) {
      const covers = binding.path.length <= path.length && pathsOverlap(binding.path, path);
      if (covers && binding.path.length >= (covering?.path.length ?? 0)) covering = binding;
    }
    if (!covering) return (snapshot) => untypedValue(getAt(snapshot.tree, path));
    const { index } = covering;
    const rest = path.slice(covering.path.length);
    // A key no field declares is not on the instance (see bindSection): it is read from the tree.
    return (snapshot) => readProperty(snapshot.sections[index], rest) ?? untypedValue(getAt(snapshot.tree, path));
  }
}

/**
 * The error for a section that is not registered with the module: `get(Section)` and an injection
 * of it (named by `consumer`, the class that injects it) say the same, with what to do about it.
 */
export function unregisteredSectionError(section: Section, consumer?: string): ConfigCenterError {
  const what = consumer ? `${consumer} injects ${sectionNameOf(section)}, which` : sectionNameOf(section);
  return new ConfigCenterError(
    `${what} is not a config section of this module: list it in the sections of ConfigCenterModule.forRoot() or forFeature()`,
  );
}
