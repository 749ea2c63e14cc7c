import type { NamespaceRead } from './apollo-config-reader';
import { ApolloNamespaceMapping } from './apollo-namespace-mapping';
import { ApolloNamespaces } from './apollo-namespaces';
import type { ApolloNamespace } from './apollo-options';

const app: ApolloNamespace = { name: 'application', format: 'properties' };
const doc: ApolloNamespace = { name: 'shared.yaml', format: 'yaml' };
const released = (namespace: ApolloNamespace, releaseKey: string, configurations: Record<string, string>): NamespaceRead => ({
  namespace,
  kind: 'released',
  releaseKey,
  configurations,
});

describe('ApolloNamespaces', () => {
  let state: ApolloNamespaces;
  beforeEach(() => {
    state = new ApolloNamespaces([app, doc], new ApolloNamespaceMapping('apollo', undefined));
    state.load([released(app, 'k1', { 'a.x': '1' }), released(doc, 'k2', { content: 'b: 1' })]);
  });

  it('holds back reads with an unreadable namespace whole, and delivers their readable namespaces with the next step', () => {
    const held = state.next([released(app, 'k3', { 'a.x': '2' }), released(doc, 'k4', { content: 'b: [' })], new Map());
    expect(held).toMatchObject({ kind: 'held', problems: [{ key: 'shared.yaml:content' }] });
    const next = state.next([released(doc, 'k5', { content: 'b: 3' })], new Map());
    expect(next).toEqual({ kind: 'changed', tree: { a: { x: '2' }, b: '3' }, revision: 'k3+k5' });
  });

  it('advances the notification ids it is given, and ignores answers that name no newer id', () => {
    state.next([{ namespace: app, kind: 'same' }], new Map([[app, 7]]));
    expect(state.notifications()).toEqual([
      { namespaceName: 'application', notificationId: 7 },
      { namespaceName: 'shared.yaml', notificationId: -1 },
    ]);
    expect(state.notified([{ namespaceName: 'application', notificationId: 7 }]).size).toBe(0);
    expect([...state.notified([{ namespaceName: 'shared.yaml', notificationId: 8 }]).values()]).toEqual([8]);
  });

  it('empties a namespace whose release is gone (404), and reports nothing changed for 304s', () => {
    expect(state.next([{ namespace: app, kind: 'same' }], new Map())).toEqual({ kind: 'unchanged' });
    expect(state.next([{ namespace: doc, kind: 'missing' }], new Map())).toEqual({
      kind: 'changed',
      tree: { a: { x: '1' } },
      revision: 'k1+-',
    });
  });
});
