import { randomUUID } from 'node:crypto';
import { ApolloTestServer, type ApolloTestServerOptions } from '@config-center/testing/harness';
import { ApolloOpenApi } from './apollo-open-api';

/**
 * The Apollo the backend-agnostic suites run against: a real config service when
 * `APOLLO_CONFIG_URL` is set (releases go through its portal's OpenAPI: `APOLLO_PORTAL_URL`,
 * `APOLLO_OPENAPI_TOKEN`, `APOLLO_APP_ID`, `APOLLO_ENV`), else the in-repo test server with a fresh
 * app id. A release publishes a namespace's whole key set.
 */
export interface ApolloBackend {
  /** `the Apollo test server` or `the Apollo config service at <url>`. */
  readonly description: string;
  /** What a source's `configServerUrl` is. */
  readonly url: string;
  readonly appId: string;
  /** The test server, when the backend is one (faults, restarts, held polls). */
  readonly server: ApolloTestServer | undefined;
  /** Publishes `configurations` as the namespace's new release in `cluster` (default `default`). */
  release(namespace: string, configurations: Record<string, string>, cluster?: string): Promise<void>;
  dispose(): Promise<void>;
}

/** The real config service to test against, or `undefined` for the test server. */
export function realApolloUrl(): string | undefined {
  return process.env.APOLLO_CONFIG_URL || undefined;
}

/** Jest's timeout for a hook that starts or disposes of a backend: room for a loaded 2-core machine. */
export const HOOK_TIMEOUT_MS = 15_000;

/** Names the backend in test titles. */
export const BACKEND_NAME = realApolloUrl() ? `the Apollo config service at ${realApolloUrl()}` : 'the Apollo test server';

/** Starts a backend; `serverOptions` apply to the test server only. */
export async function startApolloBackend(serverOptions: ApolloTestServerOptions = {}): Promise<ApolloBackend> {
  const url = realApolloUrl();
  if (url) return realBackend(url);
  const server = await ApolloTestServer.start({ holdMs: 60_000, ...serverOptions });
  const appId = `app-${randomUUID().slice(0, 8)}`;
  return {
    description: 'the Apollo test server',
    url: server.url,
    appId,
    server,
    release: async (namespace, configurations, cluster) => void server.release(appId, [{ namespace, configurations }], cluster),
    dispose: () => server.close(),
  };
}

function realBackend(url: string): ApolloBackend {
  const api = ApolloOpenApi.fromEnv();
  return {
    description: `the Apollo config service at ${url}`,
    url,
    appId: api.appId,
    server: undefined,
    release: (namespace, configurations, cluster) => api.release(namespace, configurations, cluster),
    dispose: async () => undefined,
  };
}
