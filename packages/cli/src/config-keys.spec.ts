import { keysOfTree, treeOfKeys } from './config-keys';

describe('treeOfKeys', () => {
  it('builds the tree the app builds, by the core rule: of keys on one path the last in key order wins', () => {
    const keys = new Map([
      ['db.yaml', 'host: yaml'],
      ['db', 'text'],
      ['db.json', '{"host":"json"}'],
      ['db/port', '5432'],
    ]);
    expect(treeOfKeys(keys)).toEqual({ tree: { db: { host: 'yaml', port: '5432' } }, problems: [] });
  });

  it('reads back the keys keysOfTree writes', () => {
    const tree = { rateLimit: { limit: 5, ratio: '1.10' }, tags: ['a'], empty: {} };
    expect(treeOfKeys(keysOfTree(tree)).tree).toEqual({ rateLimit: { limit: '5', ratio: '1.10' }, tags: ['a'], empty: {} });
  });
});
