/**
 * Releases on a real Apollo through its portal's OpenAPI (Apollo's "Open API" guide, section 3:
 * items `PUT …/items/{key}?createIfNotExists=true` and `DELETE …/items/{key}?operator=`, then
 * `POST …/releases`), for the suites run with `APOLLO_CONFIG_URL`. Untested against a live portal
 * in this repository; every call names what failed.
 */
export class ApolloOpenApi {
  private constructor(
    private readonly portal: string,
    private readonly token: string,
    readonly appId: string,
    private readonly env: string,
    private readonly operator: string,
  ) {}

  /** From `APOLLO_PORTAL_URL`, `APOLLO_OPENAPI_TOKEN`, `APOLLO_APP_ID`, `APOLLO_ENV` (default DEV), `APOLLO_OPERATOR` (default apollo). */
  static fromEnv(): ApolloOpenApi {
    const { APOLLO_PORTAL_URL, APOLLO_OPENAPI_TOKEN, APOLLO_APP_ID } = process.env;
    if (!APOLLO_PORTAL_URL || !APOLLO_OPENAPI_TOKEN || !APOLLO_APP_ID) {
      throw new Error(
        'APOLLO_CONFIG_URL is set: the suites also need APOLLO_PORTAL_URL, APOLLO_OPENAPI_TOKEN and APOLLO_APP_ID to release',
      );
    }
    const env = process.env.APOLLO_ENV || 'DEV';
    return new ApolloOpenApi(
      APOLLO_PORTAL_URL.replace(/\/$/, ''),
      APOLLO_OPENAPI_TOKEN,
      APOLLO_APP_ID,
      env,
      process.env.APOLLO_OPERATOR || 'apollo',
    );
  }

  /** Makes the namespace hold exactly `configurations`, then releases it. */
  async release(namespace: string, configurations: Record<string, string>, cluster = 'default'): Promise<void> {
    const base = `${this.portal}/openapi/v1/envs/${this.env}/apps/${this.appId}/clusters/${cluster}/namespaces/${encodeURIComponent(namespace)}`;
    const current = (await this.call('GET', base)) as { items?: { key: string }[] };
    for (const { key } of current.items ?? []) {
      if (key && !(key in configurations)) await this.call('DELETE', `${base}/items/${encodeURIComponent(key)}?operator=${this.operator}`);
    }
    for (const [key, value] of Object.entries(configurations)) {
      const body = { key, value, dataChangeLastModifiedBy: this.operator, dataChangeCreatedBy: this.operator };
      await this.call('PUT', `${base}/items/${encodeURIComponent(key)}?createIfNotExists=true`, body);
    }
    await this.call('POST', `${base}/releases`, { releaseTitle: `config-center test ${Date.now()}`, releasedBy: this.operator });
  }

  private async call(method: string, url: string, body?: unknown): Promise<unknown> {
    const response = await fetch(url, {
      method,
      headers: { authorization: this.token, 'content-type': 'application/json;charset=UTF-8' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`Apollo OpenAPI ${method} ${new URL(url).pathname} failed: HTTP ${response.status}`);
    const text = await response.text();
    return text ? JSON.parse(text) : undefined;
  }
}
