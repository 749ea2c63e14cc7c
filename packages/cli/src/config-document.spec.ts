import { documentTreeOf, keysOfDocument, renderDocument, type DocumentFormat, type RawKey } from './config-document';

/** Key → text: what a YAML or JSON file must give back byte for byte. */
const KEYS: Readonly<Record<string, string>> = {
  'rateLimit/limit': '5',
  'flags/on': 'true',
  'texts/version': '1.10',
  'texts/code': '007',
  'texts/null': 'null',
  'texts/array': '[1,"a",{"b":true}]',
  'texts/strings': '["80","443"]',
  'texts/object': '{"a":1}',
  'texts/emptyObject': '{}',
};

const rawKeys = new Map(Object.entries(KEYS).map(([key, value]): [string, RawKey] => [key, { name: key, value }]));

describe('config documents of keys', () => {
  it.each(['yaml', 'json'] as DocumentFormat[])('writes a %s file that reads back to the same key texts', (format) => {
    const { tree, unwritable } = documentTreeOf(rawKeys, format);
    expect(unwritable).toEqual([]);
    expect(Object.fromEntries(keysOfDocument(renderDocument(tree, format), format))).toEqual(KEYS);
  });

  it('keeps a list of texts a YAML list, and a list that holds a number or boolean its JSON text in YAML', () => {
    const yaml = renderDocument(documentTreeOf(rawKeys, 'yaml').tree, 'yaml');
    expect(yaml).toContain('  array: \'[1,"a",{"b":true}]\'\n');
    expect(yaml).toContain('  strings:\n    - "80"\n    - "443"\n');
    expect(documentTreeOf(rawKeys, 'json').tree).toMatchObject({ texts: { array: [1, 'a', { b: true }] } });
  });

  it('publishes a YAML list of plain scalars as the JSON of their texts, as the app reads the file', () => {
    expect(Object.fromEntries(keysOfDocument('ports: [80, 443]\nversion: 1.10\n', 'yaml'))).toEqual({
      ports: '["80","443"]',
      version: '1.10',
    });
  });
});
