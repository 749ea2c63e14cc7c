import type { ApolloHttpClient } from './apollo-http-client';
import type { ApolloNamespace, ResolvedApolloOptions } from './apollo-options';

/** What one `/configs` query found for a namespace. */
export type NamespaceRead =
  | { readonly namespace: ApolloNamespace; readonly kind: 'same' }
  | { readonly namespace: ApolloNamespace; readonly kind: 'missing' }
  | {
      readonly namespace: ApolloNamespace;
      readonly kind: 'released';
      readonly releaseKey: string;
      readonly configurations: Readonly<Record<string, unknown>>;
    };

/** A namespace and the notification id a client holds for it, as `/notifications/v2` takes and gives them. */
export interface ApolloNotification {
  readonly namespaceName: string;
  readonly notificationId: number;
}

/**
 * The two calls of Apollo's "other language client" guide (apolloconfig.com, "Other Language
 * Client Guide" 1.3 and 1.4; apollo-configservice 3.0 `ConfigController`, `NotificationControllerV2`):
 * `GET /configs/{appId}/{cluster}/{namespace}?releaseKey=` (200: a release; 304: the key is current;
 * 404: no release in the cluster nor in `default`), and the long poll `GET /notifications/v2`
 * (200: the namespaces with newer ids; 304: the server's hold ended with none).
 */
export class ApolloConfigReader {
  constructor(
    private readonly options: ResolvedApolloOptions,
    private readonly client: ApolloHttpClient,
  ) {}

  /** Queries one namespace with the release key the source holds (none: a full read). */
  async read(namespace: ApolloNamespace, releaseKey: string | undefined, signal: AbortSignal): Promise<NamespaceRead> {
    const { appId, cluster, requestTimeoutMs } = this.options;
    const path = `/configs/${enc(appId)}/${enc(cluster)}/${enc(namespace.name)}${releaseKey ? `?releaseKey=${enc(releaseKey)}` : ''}`;
    const what = `read namespace '${namespace.name}'`;
    const response = await this.client.get(path, what, requestTimeoutMs, signal);
    if (response.status === 304) return { namespace, kind: 'same' };
    if (response.status === 404) return { namespace, kind: 'missing' };
    if (response.status !== 200) throw this.client.statusError(what, response);
    const body = parseJson(response.body) as { releaseKey?: unknown; configurations?: unknown } | undefined;
    if (typeof body?.releaseKey !== 'string' || typeof body.configurations !== 'object' || body.configurations === null) {
      throw this.client.failure(what, 'the answer holds no releaseKey and configurations (incremental sync is not supported)', true);
    }
    return { namespace, kind: 'released', releaseKey: body.releaseKey, configurations: body.configurations as Record<string, unknown> };
  }

  /** Long-polls for the namespaces whose release is newer than the ids held; `[]` when the hold ended with none. */
  async poll(held: readonly ApolloNotification[], signal: AbortSignal): Promise<ApolloNotification[]> {
    const { appId, cluster, longPollTimeoutMs } = this.options;
    const path = `/notifications/v2?cluster=${enc(cluster)}&appId=${enc(appId)}&notifications=${enc(JSON.stringify(held))}`;
    const what = 'long-poll the notifications';
    const response = await this.client.get(path, what, longPollTimeoutMs, signal);
    if (response.status === 304) return [];
    if (response.status !== 200) throw this.client.statusError(what, response);
    const body = parseJson(response.body);
    if (!Array.isArray(body)) throw this.client.failure(what, 'the answer is not a JSON array of notifications', true);
    return body.filter(
      (n: Partial<ApolloNotification>): n is ApolloNotification =>
        typeof n?.namespaceName === 'string' && typeof n.notificationId === 'number',
    );
  }
}

function enc(text: string): string {
  return encodeURIComponent(text);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
