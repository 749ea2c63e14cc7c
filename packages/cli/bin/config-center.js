#!/usr/bin/env node
// The `config-center` bin: committed (not built) so that npm links it at install time, even in a
// fresh checkout where `dist/` does not exist yet. It only loads the built command.
'use strict';

try {
  require.resolve('../dist/main.js');
} catch {
  process.stderr.write('config-center: the command is not built (no dist/main.js): run `npm run build`\n');
  process.exit(2);
}
require('../dist/main.js');
