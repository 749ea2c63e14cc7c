/** One release of a namespace in one cluster, as the config service serves it. */
export interface ApolloRelease {
  readonly appId: string;
  readonly cluster: string;
  /** The namespace without a `.properties` suffix (Apollo's `NamespaceUtil.filterNamespaceName`). */
  readonly namespace: string;
  readonly releaseKey: string;
  /** Key → text; a `*.yaml`/`*.json` namespace holds its document under `content`. */
  readonly configurations: Readonly<Record<string, string>>;
  /** The id of the release message this release sent: one counter for every release, as Apollo's table id. */
  readonly notificationId: number;
}

/** What a test releases: a namespace and its whole new key set. */
export interface ApolloReleaseInput {
  readonly namespace: string;
  readonly configurations: Readonly<Record<string, string>>;
}

/** Called for every release message, with its key (`appId+cluster+namespace`) and id. */
export type ReleaseListener = (messageKey: string, notificationId: number) => void;

/** The default cluster every lookup falls back to (Apollo's `ConfigConsts.CLUSTER_NAME_DEFAULT`). */
export const DEFAULT_CLUSTER = 'default';

/** A namespace name as Apollo stores it: without the `.properties` suffix clients may send. */
export function normalizeNamespace(namespace: string): string {
  return namespace.replace(/\.properties$/i, '');
}

/** The key of a release message, as Apollo's `ReleaseMessageKeyGenerator` joins it. */
export function messageKeyOf(appId: string, cluster: string, namespace: string): string {
  return [appId, cluster, normalizeNamespace(namespace)].join('+');
}

/**
 * The releases the Apollo test server serves: the latest release per app, cluster and namespace,
 * and a release message per release, numbered by one counter for all (the id of Apollo's
 * `ReleaseMessage` row, which is what clients hold as their `notificationId`). It outlives a
 * restart of the server, as Apollo's database outlives one of its config service.
 */
export class ApolloReleaseStore {
  private lastId = 0;
  private releaseCount = 0;
  private readonly releases = new Map<string, ApolloRelease>();
  private readonly listeners = new Set<ReleaseListener>();

  /**
   * Releases each namespace in order, each with its own release message; listeners hear them one
   * by one, as Apollo's `ReleaseMessageScanner` delivers the rows it finds.
   */
  release(appId: string, cluster: string, inputs: readonly ApolloReleaseInput[]): ApolloRelease[] {
    const made = inputs.map((input) => {
      const namespace = normalizeNamespace(input.namespace);
      const release: ApolloRelease = {
        appId,
        cluster,
        namespace,
        releaseKey: `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}-${++this.releaseCount}`,
        configurations: { ...input.configurations },
        notificationId: ++this.lastId,
      };
      this.releases.set(messageKeyOf(appId, cluster, namespace), release);
      return release;
    });
    for (const release of made) {
      const key = messageKeyOf(release.appId, release.cluster, release.namespace);
      for (const listener of [...this.listeners]) listener(key, release.notificationId);
    }
    return made;
  }

  /** The latest release of a namespace in `cluster`, else in `default` (Apollo's cluster search); none: `undefined`. */
  find(appId: string, cluster: string, namespace: string): ApolloRelease | undefined {
    return this.releases.get(messageKeyOf(appId, cluster, namespace)) ?? this.releases.get(messageKeyOf(appId, DEFAULT_CLUSTER, namespace));
  }

  /** The id of the latest release message with `messageKey`; -1 (Apollo's placeholder) when there is none. */
  latestId(messageKey: string): number {
    const [appId, cluster, namespace] = messageKey.split('+');
    return this.releases.get(messageKeyOf(appId, cluster, namespace))?.notificationId ?? -1;
  }

  /** Subscribes to release messages; returns the unsubscribe. */
  listen(listener: ReleaseListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
