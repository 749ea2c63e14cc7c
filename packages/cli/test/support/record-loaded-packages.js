// Preloaded with `node --require` (through NODE_OPTIONS): when the process exits, writes the
// packages it loaded — `@config-center/*` by their folder under packages/, others by their
// node_modules name — as a JSON list to the file named by $LOADED_PACKAGES_OUT.
'use strict';
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const names = Object.keys(require.cache).map((file) => {
    const dependency = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (dependency) return dependency[1];
    const own = /\/packages\/([^/]+)\/dist\//.exec(file);
    return own ? `@config-center/${own[1]}` : undefined;
  });
  writeFileSync(process.env.LOADED_PACKAGES_OUT, JSON.stringify([...new Set(names.filter(Boolean))].sort()));
});
