import type { ServerResponse } from 'node:http';
import { DEFAULT_CLUSTER, messageKeyOf, type ApolloReleaseStore } from './apollo-release-store';

/** A client's notification entry: the namespace as it names it and the id it holds. */
interface ClientNotification {
  readonly namespaceName: string;
  readonly notificationId: number;
}

/** What a held poll needs from the server: the store, the hold time, and where to register. */
export interface ApolloRouteContext {
  readonly store: ApolloReleaseStore;
  readonly holdMs: number;
  /** Registers a held poll's response; returns its unregistration. */
  hold(res: ServerResponse): () => void;
}

/** Sends `body` as JSON with `status`. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Sends a status with no body (304) or Spring's error text. */
export function sendStatus(res: ServerResponse, status: number, message = ''): void {
  res.writeHead(status, { 'content-type': 'text/plain;charset=UTF-8', 'content-length': Buffer.byteLength(message) });
  res.end(message);
}

/**
 * `GET /configs/{appId}/{cluster}/{namespace}?releaseKey=` as Apollo 3.0's
 * `ConfigController.queryConfig` answers it: the release of the namespace in the cluster, else in
 * `default`; 404 when there is none; 304 when `releaseKey` is the current one; else 200 with
 * `appId`, the `cluster` the release came from, `namespaceName` as asked, `configurations`, `releaseKey`.
 */
export function queryConfig(context: ApolloRouteContext, segments: readonly string[], params: URLSearchParams, res: ServerResponse): void {
  const [appId, cluster, asked] = segments;
  const release = context.store.find(appId, cluster, asked);
  if (!release) {
    return sendStatus(res, 404, `Could not load configurations with appId: ${appId}, clusterName: ${cluster}, namespace: ${asked}`);
  }
  if (params.get('releaseKey') === release.releaseKey) return sendStatus(res, 304);
  const { releaseKey, configurations } = release;
  sendJson(res, 200, { appId, cluster: release.cluster, namespaceName: asked, configurations, releaseKey });
}

/**
 * `GET /notifications/v2?appId&cluster&notifications=[…]` as Apollo 3.0's
 * `NotificationControllerV2.pollNotification` answers it: 400 for a missing or empty list; at once,
 * every namespace whose latest release message (in the cluster or in `default`) is newer than the
 * id the client sent; else the poll is held until the first release message it watches (answered
 * with that one namespace, as `handleMessage` does) or until `holdMs` (304).
 */
export function pollNotifications(context: ApolloRouteContext, params: URLSearchParams, res: ServerResponse): void {
  const appId = params.get('appId') ?? '';
  const cluster = params.get('cluster') ?? '';
  const notifications = parseNotifications(params.get('notifications'));
  if (!appId || !cluster || !notifications?.length) return sendStatus(res, 400, 'invalid notifications format');
  const watched = new Map<string, string>();
  for (const { namespaceName } of notifications) {
    for (const c of new Set([cluster, DEFAULT_CLUSTER])) watched.set(messageKeyOf(appId, c, namespaceName), namespaceName);
  }
  const newer = notifications.flatMap((notification) => newerNotification(context, appId, cluster, notification));
  if (newer.length) return sendJson(res, 200, newer);
  const release = context.hold(res);
  const stopListening = context.store.listen((key, id) => {
    const namespaceName = watched.get(key);
    if (namespaceName === undefined) return;
    done();
    sendJson(res, 200, [{ namespaceName, notificationId: id, messages: { details: { [key]: id } } }]);
  });
  const timer = setTimeout(() => {
    done();
    sendStatus(res, 304);
  }, context.holdMs);
  const done = () => {
    clearTimeout(timer);
    stopListening();
    release();
  };
  res.once('close', done);
}

/** The notification a client is owed for one namespace, or none when its id is current. */
function newerNotification(context: ApolloRouteContext, appId: string, cluster: string, sent: ClientNotification): object[] {
  const keys = [...new Set([cluster, DEFAULT_CLUSTER])].map((c) => messageKeyOf(appId, c, sent.namespaceName));
  const details: Record<string, number> = {};
  let latest = -1;
  for (const key of keys) {
    const id = context.store.latestId(key);
    if (id < 0) continue;
    details[key] = id;
    latest = Math.max(latest, id);
  }
  if (latest <= sent.notificationId) return [];
  return [{ namespaceName: sent.namespaceName, notificationId: latest, messages: { details } }];
}

function parseNotifications(text: string | null): ClientNotification[] | undefined {
  try {
    const parsed: unknown = JSON.parse(text ?? '');
    if (!Array.isArray(parsed)) return undefined;
    return parsed
      .filter((n): n is ClientNotification => typeof n?.namespaceName === 'string' && n.namespaceName !== '')
      .map((n) => ({ namespaceName: n.namespaceName, notificationId: Number(n.notificationId ?? -1) }));
  } catch {
    return undefined;
  }
}

/** The app id a request is for, as Apollo's `AccessKeyUtil.extractAppIdFromRequest` finds it. */
export function appIdOf(kind: 'notifications' | 'configs' | 'other', segments: readonly string[], params: URLSearchParams): string {
  return kind === 'configs' ? (segments[0] ?? '') : (params.get('appId') ?? '');
}

/** Decodes path segments, keeping a malformed one as it came. */
export function pathSegments(pathname: string, prefix: string): string[] {
  return pathname
    .slice(prefix.length)
    .split('/')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}
