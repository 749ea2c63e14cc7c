import { resolveApolloOptions } from './apollo-options';

describe('resolveApolloOptions', () => {
  const base = { configServerUrl: 'http://127.0.0.1:8080', appId: 'orders' };

  it('fills in the defaults: the default cluster, the application namespace, a 90 s long poll', () => {
    expect(resolveApolloOptions(base)).toMatchObject({
      name: 'apollo:orders/default',
      cluster: 'default',
      namespaces: [{ name: 'application', format: 'properties' }],
      longPollTimeoutMs: 90_000,
      secret: undefined,
    });
  });

  it('reads the format of each namespace from its name', () => {
    const names = ['application', 'shared.properties', 'a.yaml', 'b.yml', 'c.json', 'TEST1.public'];
    expect(resolveApolloOptions({ ...base, namespaces: names }).namespaces.map((n) => n.format)).toEqual([
      'properties',
      'properties',
      'yaml',
      'yaml',
      'json',
      'properties',
    ]);
  });

  it.each([
    [{ configServerUrl: 'not a url' }, /not a URL/],
    [{ configServerUrl: 'http://user:pass@127.0.0.1:8080' }, /user info/],
    [{ configServerUrl: 'ftp://127.0.0.1' }, /http/],
    [{ appId: '' }, /appId is required/],
    [{ namespaces: [] }, /no namespace/],
    [{ namespaces: ['a', 'a'] }, /twice/],
    [{ namespaces: ['page.txt'] }, /txt/],
  ])('refuses %j', (override, message) => {
    expect(() => resolveApolloOptions({ ...base, ...override })).toThrow(message);
  });

  it('never quotes the secret or the user info of a refused URL', () => {
    expect(() => resolveApolloOptions({ ...base, configServerUrl: 'http://user:hunter2@host', secret: 'hunter2' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });
});
