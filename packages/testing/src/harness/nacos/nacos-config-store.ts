import type { ConfigKey } from '@config-center/nacos/protocol';
import type { NacosRuntime } from './nacos-runtime';

/** A stored config: its content and md5. */
export interface NacosStoredConfig {
  readonly content: string;
  readonly md5: string;
}

/** How a publish ended: done, or refused because `casMd5` no longer matched. */
export type NacosPublishOutcome = 'published' | 'cas-mismatch';

/**
 * The test server's configs by namespace id, group and dataId, as Nacos keys them (GroupKey2 of
 * namespaceId, group, dataId; a blank tenant is `public`). Survives a restart of the server.
 */
export class NacosConfigStore {
  private readonly configs = new Map<string, NacosStoredConfig>();

  constructor(private readonly protocol: NacosRuntime['protocol']) {}

  /** The config at `key`, or `undefined` when none exists. */
  get(key: ConfigKey): NacosStoredConfig | undefined {
    return this.configs.get(this.groupKey(key));
  }

  /** The md5 a listener is compared with: "" for a missing config. */
  md5Of(key: ConfigKey): string {
    return this.get(key)?.md5 ?? '';
  }

  /**
   * Publishes `content`. A non-blank `casMd5` must equal the stored md5 (ConfigPublishRequestHandler
   * passes it to `publishConfigCas`, which updates only a row of that md5 — so a missing config never
   * matches a CAS publish).
   */
  publish(key: ConfigKey, content: string, casMd5?: string): NacosPublishOutcome {
    const before = this.get(key);
    if (casMd5 && casMd5.trim() !== '' && (!before || before.md5 !== casMd5)) return 'cas-mismatch';
    this.configs.set(this.groupKey(key), { content, md5: this.protocol.contentMd5(content) });
    return 'published';
  }

  /** Removes the config; returns whether one existed. */
  remove(key: ConfigKey): boolean {
    return this.configs.delete(this.groupKey(key));
  }

  /** One string per config, a blank tenant folded into `public`. */
  groupKey(key: ConfigKey): string {
    return `${this.protocol.namespaceIdOf(key.tenant)}\u0000${key.group}\u0000${key.dataId}`;
  }
}
