import { ApolloConfigSource } from '@config-center/apollo';
import { BACKEND_NAME, HOOK_TIMEOUT_MS, startApolloBackend, type ApolloBackend } from './support/apollo-backend';

/** What `load()` makes of releases: the mapping rules of packages/apollo/README.md, each pinned. */
describe(`ApolloConfigSource load (${BACKEND_NAME})`, () => {
  let backend: ApolloBackend;
  let source: ApolloConfigSource | undefined;
  const open = (namespaces: string[], cluster?: string) => {
    source = new ApolloConfigSource({ configServerUrl: backend.url, appId: backend.appId, cluster, namespaces });
    return source.load();
  };

  beforeEach(async () => {
    backend = await startApolloBackend();
  }, HOOK_TIMEOUT_MS);
  afterEach(async () => {
    await source?.close();
    source = undefined;
    await backend.dispose();
  }, HOOK_TIMEOUT_MS);

  it('maps dotted keys of a properties namespace to paths, keeping each value as its text', async () => {
    await backend.release('application', { 'rateLimit.limit': '5', 'rateLimit.ratio': '1.10', 'text.zip': '007', routes: '{"v1":80}' });
    const loaded = await open(['application']);
    expect(loaded.tree).toEqual({ rateLimit: { limit: '5', ratio: '1.10' }, text: { zip: '007' }, routes: { v1: 80 } });
    expect(loaded.problems).toEqual([]);
  });

  it('mounts a yaml or json namespace at the root, and later namespaces override earlier ones', async () => {
    await backend.release('application', { 'db.host': 'from-properties', 'db.pool': '4' });
    await backend.release('shared.yaml', { content: 'db:\n  host: from-yaml\n  port: 5432\n' });
    await backend.release('extra.json', { content: '{"db":{"port":6543}}' });
    const loaded = await open(['application', 'shared.yaml', 'extra.json']);
    expect(loaded.tree).toEqual({ db: { host: 'from-yaml', pool: '4', port: 6543 } });
    expect((await open(['shared.yaml', 'application'])).tree).toMatchObject({ db: { host: 'from-properties' } });
  });

  it('reads a namespace not released in the cluster from default', async () => {
    await backend.release('application', { where: 'default' });
    expect((await open(['application'], 'blue')).tree).toEqual({ where: 'default' });
    await backend.release('application', { where: 'blue' }, 'blue');
    expect((await open(['application'], 'blue')).tree).toEqual({ where: 'blue' });
  });

  it('leaves out and reports a missing namespace, an unreadable document and a forbidden key, by name and never by value', async () => {
    await backend.release('application', { 'ok.value': '1', '__proto__.polluted': 'SECRET-VALUE' });
    await backend.release('broken.yaml', { content: 'a: [SECRET-VALUE' });
    const loaded = await open(['application', 'broken.yaml', 'absent']);
    expect(loaded.tree).toEqual({ ok: { value: '1' } });
    expect(loaded.problems?.map((p) => p.key).sort()).toEqual(['absent', 'application:__proto__.polluted', 'broken.yaml:content']);
    expect(JSON.stringify(loaded.problems)).not.toContain('SECRET-VALUE');
  });

  it('refuses xml and txt namespaces, which hold no tree, when it is created', async () => {
    expect(() => new ApolloConfigSource({ configServerUrl: backend.url, appId: 'a', namespaces: ['layout.xml'] })).toThrow(
      /layout\.xml.*xml/,
    );
  });
});
